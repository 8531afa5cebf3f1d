import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync } from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import { initialStaffingState, type StaffingState } from '@asn/domain';
import type { EventStore } from '@asn/event-store';
import {
  loadState,
  SNAPSHOT_FILE,
  SnapshotFollower,
  SnapshotPolicy,
  SqliteSnapshotStore,
  untrackState,
  warmUp,
} from '@asn/snapshots';

/** Beside the snapshots: which process owns them, and which event each snapshot ends with. */
export const SNAPSHOT_OWNER_FILE = 'snapshots.owner.sqlite';

/**
 * Start-up from a snapshot of the staffing state instead of a replay of the whole stream (libs/snapshots):
 * the latest snapshot in DATA_DIR/snapshots.sqlite, then the events after it; a new snapshot every
 * `everyEvents` durable events. A snapshot is a cache of the log, never a source of truth:
 * - one process owns the file (an exclusive SQLite lock on snapshots.owner.sqlite, released when the
 *   process ends); a second api copy on the same DATA_DIR replays the stream instead;
 * - each snapshot's last event id is kept; if the log does not hold that event at that revision (another
 *   events file, a restored backup), the snapshots are deleted and the stream is replayed;
 * - the snapshot file is written without syncs (see openSnapshotDatabase), so what an operating-system crash
 *   or power cut may have torn is never read: the owner records, durably and before any snapshot is written,
 *   which boot of the machine writes them, and that they are not synced; a clean close syncs the file and
 *   says so. A file left unsynced by an earlier boot is deleted and the stream replayed. (A crash of the
 *   process alone loses nothing: the kernel still holds what it wrote.)
 */
export class StaffingSnapshots {
  private readonly logger = new Logger('Snapshots');
  private store?: SqliteSnapshotStore;
  private follower?: SnapshotFollower;
  private readonly policy: SnapshotPolicy;
  private readonly saveMark: Database.Statement<[string, number, string]>;
  private readonly readMark: Database.Statement<[string], { revision: number; event_id: string }>;

  private constructor(
    private readonly dir: string,
    private readonly stream: string,
    private readonly owner: Database.Database,
    everyEvents: number,
    /** The machine's boot that owns the snapshots (see the class comment). */
    private readonly boot: string,
  ) {
    this.policy = new SnapshotPolicy(everyEvents);
    owner.exec(
      'CREATE TABLE IF NOT EXISTS snapshot_marks (stream TEXT PRIMARY KEY, revision INTEGER NOT NULL, event_id TEXT NOT NULL)',
    );
    this.saveMark = owner.prepare(
      'INSERT INTO snapshot_marks (stream, revision, event_id) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET revision = excluded.revision, event_id = excluded.event_id',
    );
    this.readMark = owner.prepare('SELECT revision, event_id FROM snapshot_marks WHERE stream = ?');
  }

  /** Snapshots in `dir` for `stream`, or undefined when another process owns them. */
  static open(dir: string, stream: string, everyEvents: number): StaffingSnapshots | undefined {
    const owner = claim(join(dir, SNAPSHOT_OWNER_FILE));
    if (!owner) {
      new Logger('Snapshots').warn(
        `another process owns the snapshots in ${dir}: this one replays ${stream} at start-up`,
      );
      return undefined;
    }
    const boot = currentBoot();
    owner.exec(
      'CREATE TABLE IF NOT EXISTS snapshot_sync (id INTEGER PRIMARY KEY CHECK (id = 1), boot TEXT NOT NULL, synced INTEGER NOT NULL)',
    );
    const last = owner.prepare('SELECT boot, synced FROM snapshot_sync WHERE id = 1').get() as
      { boot: string; synced: number } | undefined;
    if (last && last.boot !== boot && last.synced === 0) {
      new Logger('Snapshots').warn(
        `the snapshots in ${dir} were being written when the machine went down (boot ${last.boot}): deleting them and replaying ${stream}`,
      );
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, SNAPSHOT_FILE) + suffix, { force: true });
    }
    markSynced(owner, boot, false);
    return new StaffingSnapshots(dir, stream, owner, everyEvents, boot);
  }

  /** The state from the latest valid snapshot plus the events after it; a replay when there is none. */
  async load(log: EventStore): Promise<{ state: StaffingState; revision: number }> {
    try {
      // The follower goes first: opening may delete a snapshot file that does not match the log.
      await this.follower?.close();
      this.follower = undefined;
      this.store?.close();
      this.store = await this.openMatching(log);
      const loaded = await loadState(log, this.stream, this.store, { policy: this.policy });
      const { state } = loaded;
      // Snapshots written while catching up end at a page boundary, not necessarily at the head.
      if (loaded.saved > 0) await this.mark(this.store.revision(this.stream), log);
      // From now on a thread that follows the log takes the snapshots (ADR 0013): this state is never
      // snapshotted, so it stops remembering what changed.
      untrackState(state);
      this.follower = this.follow(log, state.revision);
      this.logger.log(
        `${this.stream} at revision ${state.revision}: snapshot ${loaded.snapshotRevision}, ${loaded.caughtUp} events after it, ${Math.round(loaded.durationMs)} ms`,
      );
      // Reads the live part of the city in the background, so early commands do not wait for it.
      void warmUp(state).catch(() => undefined);
      return { state, revision: state.revision };
    } catch (error) {
      this.logger.warn(`cannot use the snapshots (${(error as Error).message}): replaying ${this.stream}`);
      await this.follower?.close();
      this.follower = undefined;
      return { state: initialStaffingState(), revision: -1 };
    }
  }

  /** After a durable append up to `revision`: the follower thread takes a snapshot when one is due. */
  durable(revision: number): void {
    this.follower?.durable(revision);
  }

  /**
   * Lets the follower snapshot the last durable revision, then closes the files, synced (see the class
   * comment).
   */
  async close(): Promise<void> {
    await this.follower?.close();
    this.follower = undefined;
    this.store?.close();
    this.store = undefined;
    try {
      const file = join(this.dir, SNAPSHOT_FILE);
      for (const path of [file, `${file}-wal`]) if (existsSync(path)) syncFile(path);
      markSynced(this.owner, this.boot, true);
    } catch (error) {
      this.logger.warn(`snapshots not synced at close (${(error as Error).message})`);
    }
    this.owner.close();
  }

  /**
   * The thread that takes the snapshots from now on; each one's mark (the id of its last event) is recorded
   * once it is written. None when the log is not a file this process can read.
   */
  private follow(log: EventStore, revision: number): SnapshotFollower | undefined {
    const logFile = log.logFile?.();
    if (!logFile || !this.store) {
      this.logger.warn(`the log of ${this.stream} is not a SQLite file: no snapshots after start-up`);
      return undefined;
    }
    return new SnapshotFollower({
      snapshotFile: this.store.file,
      logFile,
      stream: this.stream,
      policy: this.policy,
      startRevision: revision,
      onWritten: (snapshot) => {
        // Closed meanwhile: the owner connection is gone, and the next start checks the mark anyway.
        if (this.owner.open) this.saveMark.run(this.stream, snapshot.revision, snapshot.eventId);
      },
      onFailure: (error) =>
        this.logger.warn(
          `snapshots of ${this.stream} stopped (${error.message}): the next start catches up from the last one`,
        ),
    });
  }

  /** Records the id of the event at `revision` (snapshots written while catching up). */
  private async mark(revision: number, log: EventStore): Promise<void> {
    const [event] = await log.readStream(this.stream, { fromRevision: revision, maxCount: 1 });
    if (event) this.saveMark.run(this.stream, revision, event.id);
  }

  /**
   * The snapshot store, emptied first when its last snapshot's event is not in the log at its revision.
   */
  private async openMatching(log: EventStore): Promise<SqliteSnapshotStore> {
    const file = join(this.dir, SNAPSHOT_FILE);
    const store = new SqliteSnapshotStore(file);
    const revision = store.revision(this.stream);
    if (revision < 0) return store;
    const mark = this.readMark.get(this.stream);
    const [event] = await log.readStream(this.stream, { fromRevision: revision, maxCount: 1 });
    if (mark?.revision === revision && event?.revision === revision && event.id === mark.event_id)
      return store;
    this.logger.warn(
      `the snapshot of ${this.stream} at revision ${revision} does not match the log: deleting it and replaying`,
    );
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return new SqliteSnapshotStore(file);
  }
}

/** This boot of the machine: Linux's boot id, else the boot time to the minute. */
export function currentBoot(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return `booted-${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
}

/** Records, durably (synced before it returns), whether the snapshot file is on disk as it stands. */
function markSynced(owner: Database.Database, boot: string, synced: boolean): void {
  owner.pragma('synchronous = FULL');
  try {
    owner
      .prepare('INSERT OR REPLACE INTO snapshot_sync (id, boot, synced) VALUES (1, ?, ?)')
      .run(boot, synced ? 1 : 0);
  } finally {
    owner.pragma('synchronous = NORMAL');
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An exclusive lock held for the life of the connection, or undefined when another process holds it. */
function claim(file: string): Database.Database | undefined {
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // A mark is written after each snapshot, on the event loop: WAL without a sync per commit keeps that
    // cheap. A mark lost to a power cut only makes the next start replay the stream.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY, pid INTEGER NOT NULL)');
    db.prepare('INSERT OR REPLACE INTO owner (id, pid) VALUES (1, ?)').run(process.pid);
    return db;
  } catch {
    db.close();
    return undefined;
  }
}
