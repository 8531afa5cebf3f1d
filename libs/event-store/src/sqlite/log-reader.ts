import Database from 'better-sqlite3';
import type { LogFilter, RecordedEvent } from '../event-store.port';
import { EventQueries } from './event-queries';

/**
 * A read-only connection to an events file, for another thread of the process that reads whole ranges of the
 * log (the projector's rebuild threads, the snapshot follower): WAL lets it read beside the writer.
 */
export class SqliteLogReader {
  private readonly db: Database.Database;
  private readonly queries: EventQueries;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.queries = new EventQueries(this.db);
  }

  /** The matching events at positions in (after, upTo], in log order. */
  range(after: number, upTo: number, filter?: LogFilter, omitMetadata = false): RecordedEvent[] {
    return this.queries.readLog(after, upTo, -1, filter, omitMetadata);
  }

  /** Up to `limit` events of `stream` from `fromRevision`, in order (metadata `{}` when omitted). */
  stream(stream: string, fromRevision: number, limit: number, omitMetadata = false): RecordedEvent[] {
    return this.queries.readForwards(stream, fromRevision, limit, omitMetadata);
  }

  close(): void {
    this.db.close();
  }
}
