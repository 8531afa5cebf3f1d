import type Database from 'better-sqlite3';
import { initialStaffingState, SET_MAPS, type StaffingState } from '@asn/domain';
import { encodeEntry, LazyMap, type EntryQueries } from './lazy-map';
import { openSnapshotDatabase, SnapshotWrites, type EncodedSnapshot, type SaveResult } from './snapshot-file';

export type { EncodedSnapshot, SaveResult } from './snapshot-file';

/** File of the snapshot store inside DATA_DIR, beside `events.sqlite`. */
export const SNAPSHOT_FILE = 'snapshots.sqlite';

export interface SnapshotInfo {
  stream: string;
  revision: number;
  savedAt: string;
  entries: number;
}

type Scalars = Record<string, unknown>;

/**
 * Version of the state's layout in the entries, kept in the head row. A snapshot of another layout is
 * dropped on open (start-up then replays the log): 2 splits positionLeft by decade of leaving.
 */
const LAYOUT = 2;

/**
 * Takes a snapshot of `state` as it is now: the entries of its LazyMaps touched since the last snapshot
 * (which are then no longer touched), every entry of its plain Maps, and its other fields. The state can
 * go on changing as soon as this returns; the snapshot is the state at `state.revision`.
 */
export function encodeSnapshot(stream: string, state: StaffingState): EncodedSnapshot {
  const rows: EncodedSnapshot['rows'] = [];
  const scalars: Scalars = { layout: LAYOUT };
  for (const [field, value] of Object.entries(state as unknown as Record<string, unknown>)) {
    if (value instanceof LazyMap) {
      for (const [key, entry] of value.drainTouched())
        rows.push([field, key, entry === undefined ? null : encodeEntry(entry)]);
    } else if (value instanceof Map) {
      for (const [key, entry] of value) rows.push([field, String(key), encodeEntry(entry)]);
    } else scalars[field] = value instanceof Set ? [...value] : value;
  }
  return {
    stream,
    revision: state.revision,
    rows,
    scalars: JSON.stringify(scalars),
    savedAt: new Date().toISOString(),
  };
}

/**
 * Stops the LazyMaps of `state` remembering what changed, for a state no snapshot will be taken of (see
 * `LazyMap.untrack`).
 */
export function untrackState(state: StaffingState): void {
  for (const value of Object.values(state as unknown as Record<string, unknown>))
    if (value instanceof LazyMap) value.untrack();
}

/**
 * Snapshots of the staffing state in SQLite, one row per entity (`snapshot_entries`) plus one row per
 * stream with the revision and the small fields (`snapshots`). A save writes only the entities touched
 * since the previous one, in one transaction with the new revision, so a snapshot is always whole.
 * A loaded state reads entities on first use (LazyMap), so start-up does not grow with history.
 *
 * One process writes a given file: a second writer would change entries under a reader's feet.
 */
export class SqliteSnapshotStore {
  private readonly db: Database.Database;
  private readonly queries: EntryQueries;
  private readonly writes: SnapshotWrites;
  private readonly readHead: Database.Statement<
    [string],
    { revision: number; scalars: string; saved_at: string }
  >;

  constructor(readonly file: string) {
    this.db = openSnapshotDatabase(file);
    this.writes = new SnapshotWrites(this.db);
    this.queries = {
      get: this.db
        .prepare<[string, string, string], string>(
          'SELECT value FROM snapshot_entries WHERE stream = ? AND map = ? AND key = ?',
        )
        .pluck(),
      exists: this.db
        .prepare<[string, string, string], number>(
          'SELECT 1 FROM snapshot_entries WHERE stream = ? AND map = ? AND key = ?',
        )
        .pluck(),
      keys: this.db
        .prepare<[string, string], string>('SELECT key FROM snapshot_entries WHERE stream = ? AND map = ?')
        .pluck(),
    };
    this.readHead = this.db.prepare('SELECT revision, scalars, saved_at FROM snapshots WHERE stream = ?');
  }

  /** Revision of the latest snapshot of `stream` (-1: none); reads only its head row, unlike `info`. */
  revision(stream: string): number {
    return this.readHead.get(stream)?.revision ?? -1;
  }

  /** The latest snapshot of `stream`, or undefined (counts its entries: slow on a large snapshot). */
  info(stream: string): SnapshotInfo | undefined {
    const head = this.readHead.get(stream);
    if (!head) return undefined;
    const entries = this.db
      .prepare<[string], number>('SELECT count(*) FROM snapshot_entries WHERE stream = ?')
      .pluck()
      .get(stream) as number;
    return { stream, revision: head.revision, savedAt: head.saved_at, entries };
  }

  /**
   * The state of `stream` as of its latest snapshot (revision -1 and empty when there is none), with its
   * entities read on first use. Keep using the returned object: `save` writes what it touched.
   */
  open(stream: string): StaffingState {
    const state = initialStaffingState() as unknown as Record<string, unknown>;
    const head = this.readHead.get(stream);
    const scalars: Scalars = head ? (JSON.parse(head.scalars) as Scalars) : {};
    if (head && scalars.layout !== LAYOUT) {
      this.drop(stream);
      return this.open(stream);
    }
    for (const [field, value] of Object.entries(state)) {
      if (value instanceof Map) state[field] = new LazyMap(this.queries, stream, field, SET_MAPS.has(field));
      else if (field in scalars)
        state[field] = value instanceof Set ? new Set(scalars[field] as unknown[]) : scalars[field];
    }
    return state as unknown as StaffingState;
  }

  private drop(stream: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM snapshot_entries WHERE stream = ?').run(stream);
      this.db.prepare('DELETE FROM snapshots WHERE stream = ?').run(stream);
    })();
  }

  /**
   * Writes a snapshot of `state` (as returned by `open`, or any state: plain Maps are written whole).
   * Call it only when every event folded into `state` is durable in the log.
   */
  save(stream: string, state: StaffingState): SaveResult {
    const started = performance.now();
    const result = this.write(encodeSnapshot(stream, state));
    return { ...result, durationMs: performance.now() - started };
  }

  /**
   * Writes a snapshot taken by `encodeSnapshot`, in one transaction, from any connection to this file (the
   * api writes them on a worker thread: see SnapshotWorker).
   */
  write(snapshot: EncodedSnapshot): SaveResult {
    return this.writes.write(snapshot);
  }

  close(): void {
    this.db.close();
  }
}
