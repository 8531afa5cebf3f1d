import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { START_POSITION } from '../event-store.port';
import { parseSequencePosition } from '../sequence-position';
import { AppendSignal } from '../subscription/append-signal';
import { CatchUpSubscription, type LogPage } from '../subscription/catch-up-subscription';
import { openEventDatabase } from './event-database';
import { EventQueries } from './event-queries';
import { GroupCommit } from './group-commit';
import { SqliteAppender, type AppendRequest, type GroupCommitStats } from './sqlite-appender';
import { WorkerAppender, type WalCheckpointThreadOptions } from './worker-appender';

export type { GroupCommitStats } from './sqlite-appender';

export interface SqliteEventStoreOptions {
  /** How often live subscriptions re-read the file for events appended by other processes. */
  pollIntervalMs?: number;
  /** Events per read while a subscription catches up. */
  pageSize?: number;
  /** Called after each group commit, e.g. for metrics. */
  onGroupCommit?: (commit: GroupCommitStats) => void;
  /**
   * Commit on a worker thread (default, except for ':memory:'): the fsync of a commit does not stop the
   * event loop, and the appends submitted during it form the next group. `false` commits inline, at the
   * end of the event-loop turn, blocking it for the fsync.
   */
  appendOnWorker?: boolean;
  /**
   * With appends on the worker: WAL checkpoints on a thread of their own (default), started once 1,000
   * events have been committed, every 100 ms, so that no commit waits for one; `false` leaves them to the
   * commits (SQLite's default: the commit that leaves 1,000 WAL pages copies them into the file).
   */
  walCheckpointThread?: WalCheckpointThreadOptions;
}

/** Where appends go to be committed in groups: the append worker, or an inline group commit. */
type Committer = Pick<WorkerAppender, 'submit' | 'close'>;

/**
 * The embedded event store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged
 * append survives a crash. Appends are committed in groups (one transaction, one fsync): on the append
 * worker thread, those submitted while the previous group commits; inline, those of one event-loop turn.
 * Reads use this thread's own connection (WAL: readers never wait for the writer).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly queries: EventQueries;
  private readonly commits: Committer;
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private closed = false;
  private chained = false;

  constructor(
    readonly file: string,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.pageSize = options.pageSize ?? 1000;
    this.db = openEventDatabase(file);
    this.queries = new EventQueries(this.db);
    const onWorker = options.appendOnWorker ?? file !== ':memory:';
    this.commits = onWorker
      ? new WorkerAppender(file, (stats) => this.committed(stats), options.walCheckpointThread)
      : this.inlineCommits();
  }

  append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(this.closedError());
    let rows: AppendRequest['rows'];
    try {
      rows = events.map((event) => ({
        id: event.id,
        type: event.type,
        data: JSON.stringify(event.data) ?? 'null',
        metadata: JSON.stringify(event.metadata),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.commits.submit({ stream, expected, rows, chain: this.chained });
  }

  /**
   * From now on every append is hash-chained in its commit (row-chain.ts), on the append thread when
   * there is one: the hashing no longer takes the event loop's time.
   */
  chainHashes(): boolean {
    this.chained = true;
    return true;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    if (options.direction === 'backwards') {
      return this.queries.readBackwards(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit);
    }
    return this.queries.readForwards(stream, options.fromRevision ?? 0, limit);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = parseSequencePosition(options.after ?? START_POSITION);
    return this.queries.readLog(
      after,
      this.queries.head(),
      options.maxCount ?? -1,
      options.filter,
      options.omitMetadata,
    );
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? START_POSITION;
    parseSequencePosition(after);
    const subscription = new CatchUpSubscription(
      (from, limit) => this.readPage(from, limit, options.filter, options.omitMetadata),
      this.signal,
      { after, pageSize: this.pageSize, pollIntervalMs: this.pollIntervalMs },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  logFile(): string | undefined {
    return this.file === ':memory:' ? undefined : this.file;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return String(this.queries.head());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Every append accepted before close is committed and answered.
    await this.commits.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
  }

  private readPage(
    after: Position,
    limit: number,
    filter: SubscribeOptions['filter'],
    omitMetadata?: boolean,
  ): LogPage {
    if (this.closed) return { events: [], scannedTo: after };
    const from = parseSequencePosition(after);
    // Bounding the scan by the head read first makes "scanned up to" exact even while others append.
    const head = this.queries.head();
    const events = this.queries.readLog(from, head, limit, filter, omitMetadata);
    const scannedTo =
      events.length === limit ? events[events.length - 1].position : String(Math.max(head, from));
    return { events, scannedTo };
  }

  /** Group commit on this thread, at the end of the event-loop turn. */
  private inlineCommits(): Committer {
    const appender = new SqliteAppender(this.db);
    const group = new GroupCommit<AppendRequest, AppendResult>((requests) => {
      let commit: ReturnType<SqliteAppender['commit']>;
      try {
        commit = appender.commit(requests);
      } catch (error) {
        throw new StoreUnavailableError(`appending to ${this.file} failed; nothing was written`, error);
      }
      this.committed(commit.stats);
      return commit.outcomes;
    });
    return {
      submit: (request) => group.submit(request),
      close: async () => group.flush(),
    };
  }

  private committed(stats: GroupCommitStats): void {
    if (stats.events > 0) this.signal.notify();
    this.options.onGroupCommit?.(stats);
  }

  private assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  private closedError(): StoreUnavailableError {
    return new StoreUnavailableError(`the event store on ${this.file} is closed`);
  }
}
