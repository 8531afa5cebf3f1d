import type { Position, RecordedEvent, Subscription, SubscriptionMessage } from '../event-store.port';
import type { AppendSignal } from './append-signal';

/** A slice of the log: the matching events, and how far the log was scanned to find them. */
export interface LogPage {
  events: RecordedEvent[];
  /** Every event up to here (inclusive) has been looked at; at least the last event's position. */
  scannedTo: Position;
}

/** Reads up to `limit` matching events strictly after `after`. */
export type PageReader = (after: Position, limit: number) => LogPage;

export interface CatchUpOptions {
  after: Position;
  pageSize: number;
  /** Also re-read the log this often, for writers this signal does not hear about (other processes). */
  pollIntervalMs?: number;
}

/**
 * Pull-based catch-up subscription: it always reads the log itself, so catch-up and live events
 * come from one code path and nothing is skipped or repeated between them.
 */
export class CatchUpSubscription implements Subscription {
  private closed = false;
  private started = false;

  constructor(
    private readonly readPage: PageReader,
    private readonly signal: AppendSignal,
    private readonly options: CatchUpOptions,
    private readonly onClose: (subscription: CatchUpSubscription) => void = () => undefined,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.started) throw new Error('a subscription can be iterated only once; subscribe again instead');
    this.started = true;
    return this.messages();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal.wakeAll();
    this.onClose(this);
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    const { pageSize, pollIntervalMs } = this.options;
    let after = this.options.after;
    let caughtUp = false;
    try {
      while (!this.closed) {
        const seen = this.signal.version;
        const page = this.readPage(after, pageSize);
        for (const event of page.events) {
          if (this.closed) return;
          yield { kind: 'event', event };
        }
        after = page.scannedTo;
        if (page.events.length === pageSize) continue;
        if (!caughtUp) {
          caughtUp = true;
          if (this.closed) return;
          yield { kind: 'caughtUp', position: after };
        }
        if (!this.closed) await this.signal.waitPast(seen, pollIntervalMs);
      }
    } finally {
      await this.close();
    }
  }
}
