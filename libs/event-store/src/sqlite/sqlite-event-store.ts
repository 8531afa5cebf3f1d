import type Database from 'better-sqlite3';
import { planAppend } from '../append-plan';
import { ConcurrencyError, DuplicateEventIdError, StoreUnavailableError } from '../errors';
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
import { EventQueries, type EventRowToInsert } from './event-queries';
import { GroupCommit, type Outcome } from './group-commit';

export interface SqliteEventStoreOptions {
  /** How often live subscriptions re-read the file for events appended by other processes. */
  pollIntervalMs?: number;
  /** Events per read while a subscription catches up. */
  pageSize?: number;
  /** Called after each group commit, e.g. for metrics. */
  onGroupCommit?: (commit: GroupCommitStats) => void;
}

export interface GroupCommitStats {
  appends: number;
  events: number;
  durationMs: number;
}

interface AppendRequest {
  stream: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
  rows: Omit<EventRowToInsert, 'revision'>[];
}

/**
 * The embedded event store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged
 * append survives a crash. Appends of one event-loop turn share one transaction (group commit).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly queries: EventQueries;
  private readonly commits: GroupCommit<AppendRequest, AppendResult>;
  private readonly writeGroup: Database.Transaction<(requests: AppendRequest[]) => Outcome<AppendResult>[]>;
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.pageSize = options.pageSize ?? 1000;
    this.db = openEventDatabase(file);
    this.queries = new EventQueries(this.db);
    this.writeGroup = this.db.transaction((requests: AppendRequest[]) =>
      requests.map((r) => this.attempt(r)),
    );
    this.commits = new GroupCommit((requests) => this.commitGroup(requests));
  }

  append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(this.closedError());
    let rows: AppendRequest['rows'];
    try {
      rows = events.map((event) => ({
        stream,
        id: event.id,
        type: event.type,
        data: JSON.stringify(event.data) ?? 'null',
        metadata: JSON.stringify(event.metadata),
      }));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.commits.submit({ stream, events, expected, rows });
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
    return this.queries.readLog(after, this.queries.head(), options.maxCount ?? -1, options.filter);
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? START_POSITION;
    parseSequencePosition(after);
    const subscription = new CatchUpSubscription(
      (from, limit) => this.readPage(from, limit, options.filter),
      this.signal,
      { after, pageSize: this.pageSize, pollIntervalMs: this.pollIntervalMs },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    return String(this.queries.head());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.commits.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
  }

  private readPage(after: Position, limit: number, filter: SubscribeOptions['filter']): LogPage {
    if (this.closed) return { events: [], scannedTo: after };
    const from = parseSequencePosition(after);
    // Bounding the scan by the head read first makes "scanned up to" exact even while others append.
    const head = this.queries.head();
    const events = this.queries.readLog(from, head, limit, filter);
    const scannedTo =
      events.length === limit ? events[events.length - 1].position : String(Math.max(head, from));
    return { events, scannedTo };
  }

  private commitGroup(requests: AppendRequest[]): Outcome<AppendResult>[] {
    if (this.closed) throw this.closedError();
    const started = performance.now();
    let outcomes: Outcome<AppendResult>[];
    try {
      outcomes = this.writeGroup.immediate(requests);
    } catch (error) {
      throw new StoreUnavailableError(`appending to ${this.file} failed; nothing was written`, error);
    }
    const events = requests.reduce((sum, request, i) => sum + (outcomes[i].ok ? request.rows.length : 0), 0);
    if (events > 0) this.signal.notify();
    this.options.onGroupCommit?.({
      appends: requests.length,
      events,
      durationMs: performance.now() - started,
    });
    return outcomes;
  }

  private attempt(request: AppendRequest): Outcome<AppendResult> {
    try {
      return { ok: true, value: this.write(request) };
    } catch (error) {
      // Anything but a refused append (e.g. an I/O error) aborts the whole group: nothing half-done.
      const refused = error instanceof ConcurrencyError || error instanceof DuplicateEventIdError;
      if (refused) return { ok: false, error };
      throw error;
    }
  }

  private write({ stream, events, expected, rows }: AppendRequest): AppendResult {
    const plan = planAppend(stream, events, expected, {
      lastRevision: () => this.queries.lastRevision(stream),
      eventsFrom: (revision, count) => this.queries.eventsFrom(stream, revision, count),
      revisionOf: (id) => {
        const found = this.queries.findById(id);
        return found?.stream === stream ? found.revision : undefined;
      },
    });
    if (plan.kind === 'replay') return plan.result;
    if (rows.length === 0) {
      return { nextRevision: plan.firstRevision - 1, position: String(this.queries.head()) };
    }
    // Checked before the first insert, so that a refused append leaves nothing to roll back.
    const taken = rows.find((row) => this.queries.findById(row.id));
    if (taken) throw new DuplicateEventIdError(stream, taken.id);
    let position = 0;
    rows.forEach((row, i) => {
      position = this.queries.insert({ ...row, revision: plan.firstRevision + i });
    });
    return { nextRevision: plan.firstRevision + rows.length - 1, position: String(position) };
  }

  private assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  private closedError(): StoreUnavailableError {
    return new StoreUnavailableError(`the event store on ${this.file} is closed`);
  }
}
