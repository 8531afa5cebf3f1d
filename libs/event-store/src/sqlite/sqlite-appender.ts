import type Database from 'better-sqlite3';
import { planAppend } from '../append-plan';
import { ConcurrencyError, DuplicateEventIdError } from '../errors';
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import { EventQueries } from './event-queries';
import { RowChain, type JsonRow } from './row-chain';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** One append of a group commit, ready for SQLite (data and metadata already JSON). */
export interface AppendRequest {
  stream: string;
  expected: ExpectedRevision;
  rows: JsonRow[];
  /** Hash-chain the rows in the commit (row-chain.ts). */
  chain?: boolean;
}

export interface GroupCommitStats {
  appends: number;
  events: number;
  durationMs: number;
}

/**
 * Writes groups of appends in one immediate transaction (one fsync with synchronous=FULL). Each append is
 * checked against its expected revision on its own: a refused one leaves the others of the group intact;
 * any other error (I/O) throws and rolls back the whole group, so nothing is half-written.
 * Runs where the write connection lives: on the append worker thread, or inline.
 */
export class SqliteAppender {
  private readonly queries: EventQueries;
  private readonly chain: RowChain;
  private readonly writeGroup: Database.Transaction<(requests: AppendRequest[]) => Outcome<AppendResult>[]>;

  constructor(db: Database.Database) {
    this.queries = new EventQueries(db);
    this.chain = new RowChain((stream, revision) => this.queries.hashAt(stream, revision));
    this.writeGroup = db.transaction((requests: AppendRequest[]) => requests.map((r) => this.attempt(r)));
  }

  commit(requests: AppendRequest[]): { outcomes: Outcome<AppendResult>[]; stats: GroupCommitStats } {
    const started = performance.now();
    let outcomes: Outcome<AppendResult>[];
    try {
      outcomes = this.writeGroup.immediate(requests);
    } catch (error) {
      this.chain.rolledBack();
      throw error;
    }
    this.chain.committed();
    const events = requests.reduce((sum, request, i) => sum + (outcomes[i].ok ? request.rows.length : 0), 0);
    return {
      outcomes,
      stats: { appends: requests.length, events, durationMs: performance.now() - started },
    };
  }

  private attempt(request: AppendRequest): Outcome<AppendResult> {
    try {
      return { ok: true, value: this.write(request) };
    } catch (error) {
      const refused = error instanceof ConcurrencyError || error instanceof DuplicateEventIdError;
      if (refused) return { ok: false, error };
      throw error;
    }
  }

  private write({ stream, expected, rows, chain }: AppendRequest): AppendResult {
    const plan = planAppend(stream, rows, expected, {
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
    if (chain) rows = this.chain.link(stream, plan.firstRevision, rows);
    rows.forEach((row, i) => {
      position = this.queries.insert({ ...row, stream, revision: plan.firstRevision + i });
    });
    return { nextRevision: plan.firstRevision + rows.length - 1, position: String(position) };
  }
}

/** A refused append as plain data, to cross a thread boundary. */
export type RefusalData =
  | { name: 'ConcurrencyError'; stream: string; expected: ExpectedRevision; actual: number | 'no_stream' }
  | { name: 'DuplicateEventIdError'; stream: string; eventId: string };

export function refusalData(error: unknown): RefusalData {
  if (error instanceof ConcurrencyError) {
    const { stream, expected, actual } = error;
    return { name: 'ConcurrencyError', stream, expected, actual };
  }
  const { stream, eventId } = error as DuplicateEventIdError;
  return { name: 'DuplicateEventIdError', stream, eventId };
}

export function refusalFrom(data: RefusalData): Error {
  return data.name === 'ConcurrencyError'
    ? new ConcurrencyError(data.stream, data.expected, data.actual)
    : new DuplicateEventIdError(data.stream, data.eventId);
}
