import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { initialStaffingState, SET_MAPS, type StaffingState } from '@asn/domain';
import { encodeEntry, LazyMap, type EntryQueries } from './lazy-map';

/** File of the snapshot store inside DATA_DIR, beside `events.sqlite`. */
export const SNAPSHOT_FILE = 'snapshots.sqlite';

export interface SnapshotInfo {
  stream: string;
  revision: number;
  savedAt: string;
  entries: number;
}

export interface SaveResult {
  revision: number;
  /** Entries written (changed since the previous snapshot). */
  written: number;
  durationMs: number;
}

type Scalars = Record<string, unknown>;

/**
 * Version of the state's layout in the entries, kept in the head row. A snapshot of another layout is
 * dropped on open (start-up then replays the log): 2 splits positionLeft by decade of leaving.
 */
const LAYOUT = 2;

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
  private readonly upsert: Database.Statement<[string, string, string, string]>;
  private readonly remove: Database.Statement<[string, string, string]>;
  private readonly writeHead: Database.Statement<[string, number, string, string]>;
  private readonly readHead: Database.Statement<
    [string],
    { revision: number; scalars: string; saved_at: string }
  >;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A snapshot is a cache of the log: losing the last one to a power cut means a longer catch-up.
    this.db.pragma('synchronous = NORMAL');
    // Entities are read one by one on first use: map the file instead of a read syscall per page.
    this.db.pragma('mmap_size = 4294967296');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS snapshot_entries (
        stream TEXT NOT NULL, map TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (stream, map, key)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS snapshots (
        stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, scalars TEXT NOT NULL, saved_at TEXT NOT NULL
      );
    `);
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
    this.upsert = this.db.prepare(
      'INSERT INTO snapshot_entries (stream, map, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (stream, map, key) DO UPDATE SET value = excluded.value',
    );
    this.remove = this.db.prepare('DELETE FROM snapshot_entries WHERE stream = ? AND map = ? AND key = ?');
    this.writeHead = this.db.prepare(
      'INSERT INTO snapshots (stream, revision, scalars, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, scalars = excluded.scalars, saved_at = excluded.saved_at',
    );
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
    let written = 0;
    const scalars: Scalars = { layout: LAYOUT };
    const write = this.db.transaction(() => {
      for (const [field, value] of Object.entries(state as unknown as Record<string, unknown>)) {
        if (value instanceof LazyMap) {
          for (const [key, entry] of value.drainTouched()) {
            if (entry === undefined) this.remove.run(stream, field, key);
            else this.upsert.run(stream, field, key, encodeEntry(entry));
            written++;
          }
        } else if (value instanceof Map) {
          for (const [key, entry] of value) {
            this.upsert.run(stream, field, String(key), encodeEntry(entry));
            written++;
          }
        } else scalars[field] = value instanceof Set ? [...value] : value;
      }
      this.writeHead.run(stream, state.revision, JSON.stringify(scalars), new Date().toISOString());
    });
    write.immediate();
    // Keep the WAL short: a long one slows every read that follows and the next open.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { revision: state.revision, written, durationMs: performance.now() - started };
  }

  close(): void {
    this.db.close();
  }
}
