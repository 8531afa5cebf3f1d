import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staffingStream, type StaffingState } from '@asn/domain';
import { SqliteEventStore, type RecordedEvent } from '@asn/event-store';
import { seedHistory } from '../../../test/support/history/seed';
import { foldEvents, SnapshotPolicy } from './load-state';
import { encodeSnapshot, SqliteSnapshotStore, untrackState } from './snapshot-store';
import { SnapshotFollower, type WrittenSnapshot } from './snapshot-follower';
import { normalised } from './normalised.spec-helper';

describe('snapshots taken by the thread that follows the log', () => {
  const stream = staffingStream('3374');
  let dir: string;
  let logFile: string;
  let log: SqliteEventStore;
  let events: RecordedEvent[];
  let replayed: StaffingState;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asn-snapshot-follower-'));
    logFile = join(dir, 'events.sqlite');
    log = new SqliteEventStore(logFile);
    replayed = (await seedHistory(log, { employees: 400, years: 2, seed: 11 })).state;
    events = await log.readStream(stream);
  }, 120_000);
  afterAll(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    file = join(mkdtempSync(join(dir, 'run-')), 'snapshots.sqlite');
  });

  /** A snapshot file holding the state after the first `count` events, written on this thread. */
  const snapshotAfter = (count: number): void => {
    const store = new SqliteSnapshotStore(file);
    const state = store.open(stream);
    foldEvents(state, events.slice(0, count));
    store.save(stream, state);
    store.close();
  };

  const follower = (startRevision: number, written: WrittenSnapshot[], failures: Error[]) =>
    new SnapshotFollower({
      snapshotFile: file,
      logFile,
      stream,
      policy: new SnapshotPolicy(97),
      startRevision,
      onWritten: (snapshot) => written.push(snapshot),
      onFailure: (error) => failures.push(error),
    });

  it('folds the durable events on its own thread and writes snapshots that reopen as the state at their revision', async () => {
    const half = Math.floor(events.length / 2);
    snapshotAfter(half);
    const written: WrittenSnapshot[] = [];
    const failures: Error[] = [];
    const thread = follower(half - 1, written, failures);
    // As the api tells it: after each durable append, here one event at a time.
    for (const event of events.slice(half)) thread.durable(event.revision);
    await thread.close();

    expect(failures).toEqual([]);
    expect(written.length).toBeGreaterThan(5);
    const revisions = written.map((w) => w.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    // Each mark names the event the snapshot ends with; the last one is at the head (the close).
    for (const w of written) expect(w.eventId).toBe(events[w.revision].id);
    expect(revisions[revisions.length - 1]).toBe(events.length - 1);
    const reopened = new SqliteSnapshotStore(file);
    expect(normalised(reopened.open(stream))).toEqual(normalised(replayed));
    reopened.close();
  });

  it('is told only when a snapshot is due, not after every append', async () => {
    snapshotAfter(10);
    const thread = follower(9, [], []);
    const post = jest.spyOn(thread as unknown as { post: (m: unknown) => void }, 'post');
    for (let revision = 10; revision < 400; revision++) thread.durable(revision);
    expect(post.mock.calls.map(([message]) => message)).toEqual([
      { durable: 106 },
      { durable: 203 },
      { durable: 300 },
      { durable: 397 },
    ]);
    await thread.close();
  });

  it("leaves what the api's own state deletes absent while the file still holds it, and remembers nothing to write", () => {
    snapshotAfter(events.length);
    const store = new SqliteSnapshotStore(file);
    const lazy = store.open(stream);
    untrackState(lazy);
    const [actingId] = [...replayed.actings.keys()];
    expect(lazy.actings.delete(actingId)).toBe(true);
    // The follower has not written the deletion yet: the table still holds the entry.
    expect(lazy.actings.has(actingId)).toBe(false);
    expect([...lazy.actings.keys()]).not.toContain(actingId);
    lazy.employees.get([...replayed.employees.keys()][0]);
    expect(encodeSnapshot(stream, lazy).rows).toEqual([]);
    store.close();
  });

  it('stops at its first failure, and the last whole snapshot stands', async () => {
    snapshotAfter(events.length);
    const written: WrittenSnapshot[] = [];
    const failures: Error[] = [];
    const thread = follower(events.length - 1, written, failures);
    // Told of events the log does not hold (another log, a bug): nothing is written from then on.
    thread.durable(events.length + 200);
    await thread.close();
    expect(written).toEqual([]);
    expect(failures.map((e) => e.message)).toEqual([
      `the log holds ${stream} only up to revision ${events.length - 1}, not ${events.length + 200}`,
    ]);
    const reopened = new SqliteSnapshotStore(file);
    expect(reopened.revision(stream)).toBe(events.length - 1);
    reopened.close();
  });
});
