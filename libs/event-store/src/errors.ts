import type { ExpectedRevision } from './event-store.port';

/** The stream's revision is not the one the writer expected. */
export class ConcurrencyError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/** The event store cannot be reached; nothing was written. */
export class StoreUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** An event id is already stored elsewhere than at the position an idempotent retry would put it. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly stream: string,
    readonly eventId: string,
  ) {
    super(
      `stream ${stream}: event id ${eventId} is already stored elsewhere; ` +
        `a retry must repeat the same events with the same expected revision`,
    );
    this.name = 'DuplicateEventIdError';
  }
}
