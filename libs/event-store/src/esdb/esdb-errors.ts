import {
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, StoreUnavailableError } from '../errors';
import type { ExpectedRevision } from '../event-store.port';

/** Errors that say the node could not be reached or let go of the call: retrying later can succeed. */
export function isTransient(raw: unknown): boolean {
  const error = commandError(raw);
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError
  );
}

/** Maps the client's errors to the port's; anything else is passed on unchanged. */
export function toPortError(raw: unknown, stream?: string, expected?: ExpectedRevision): unknown {
  const error = commandError(raw);
  if (error instanceof WrongExpectedVersionError && stream !== undefined && expected !== undefined) {
    const actual = error.actualVersion === 'no_stream' ? 'no_stream' : Number(error.actualVersion);
    return new ConcurrencyError(stream, expected, actual);
  }
  if (isTransient(error)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(
      `EventStoreDB is unavailable (${reason}); nothing was written, retry later`,
      error,
    );
  }
  return error;
}

/** Some client paths (the server-features probe before an append) reject with the raw gRPC error. */
function commandError(error: unknown): unknown {
  return error instanceof Error ? convertToCommandError(error) : error;
}
