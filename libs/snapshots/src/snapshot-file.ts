import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The snapshot file itself, with nothing of the domain: its schema and how an encoded snapshot is written.
 * Both the api's thread (reads, and saves while catching up) and the snapshot worker thread use it.
 */

export interface SaveResult {
  revision: number;
  /** Entries written (changed since the previous snapshot). */
  written: number;
  durationMs: number;
}

/**
 * A snapshot as text, ready to be written: the entries changed since the previous one (value null: deleted)
 * and the small fields. Plain strings, so it can be handed to another thread.
 */
export interface EncodedSnapshot {
  stream: string;
  revision: number;
  rows: [map: string, key: string, value: string | null][];
  scalars: string;
  savedAt: string;
}

/** Opens (and creates) a snapshot file: WAL, so one connection writes while others read. */
export function openSnapshotDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // better-sqlite3 waits up to 5 s for a lock (its default timeout): the other thread's write or
  // checkpoint holds it only for a moment.
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A snapshot is a cache of the log, written without syncs: with them (NORMAL: at each WAL checkpoint)
  // every snapshot's pages went to the disk at once, half of what the commands bench wrote (1.2-1.3 GB a
  // run against ~0.6 GB without), and the events' own fsyncs queued behind. Without, a page rewritten by
  // the next snapshots reaches the disk once. An operating-system crash can then tear the file, so its
  // owner must not read it after one: the api's StaffingSnapshots records which boot wrote it unsynced.
  db.pragma('synchronous = OFF');
  // Entities are read one by one on first use: map the file instead of a read syscall per page.
  db.pragma('mmap_size = 4294967296');
  db.exec(`
    CREATE TABLE IF NOT EXISTS snapshot_entries (
      stream TEXT NOT NULL, map TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
      PRIMARY KEY (stream, map, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS snapshots (
      stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, scalars TEXT NOT NULL, saved_at TEXT NOT NULL
    );
  `);
  return db;
}

/** Writes encoded snapshots through one connection. */
export class SnapshotWrites {
  private readonly upsert: Database.Statement<[string, string, string, string]>;
  private readonly remove: Database.Statement<[string, string, string]>;
  private readonly writeHead: Database.Statement<[string, number, string, string]>;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(
      'INSERT INTO snapshot_entries (stream, map, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (stream, map, key) DO UPDATE SET value = excluded.value',
    );
    this.remove = db.prepare('DELETE FROM snapshot_entries WHERE stream = ? AND map = ? AND key = ?');
    this.writeHead = db.prepare(
      'INSERT INTO snapshots (stream, revision, scalars, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, scalars = excluded.scalars, saved_at = excluded.saved_at',
    );
  }

  /** The snapshot's entries and head row in one transaction, so a snapshot is always whole. */
  write(snapshot: EncodedSnapshot): SaveResult {
    const started = performance.now();
    const { stream, rows } = snapshot;
    const write = this.db.transaction(() => {
      for (const [map, key, value] of rows) {
        if (value === null) this.remove.run(stream, map, key);
        else this.upsert.run(stream, map, key, value);
      }
      this.writeHead.run(stream, snapshot.revision, snapshot.scalars, snapshot.savedAt);
    });
    write.immediate();
    // The WAL is kept short by SQLite's automatic (passive) checkpoints, every 1,000 pages. An explicit
    // TRUNCATE checkpoint after each save waits for the api thread's readers of this file; without it the
    // commands bench's p99 at 2,000/s was 24-31 ms against 37-144 ms with it (two runs each).
    return { revision: snapshot.revision, written: rows.length, durationMs: performance.now() - started };
  }
}
