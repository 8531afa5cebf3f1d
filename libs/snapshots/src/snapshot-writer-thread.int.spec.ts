import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evolveStaffing, staffingStream, type StaffingEvent, type StaffingState } from '@asn/domain';
import { MemoryEventStore } from '@asn/event-store';
import { seedHistory } from '../../../test/support/history/seed';
import { SnapshotPolicy, Snapshotter } from './load-state';
import { encodeSnapshot, SqliteSnapshotStore } from './snapshot-store';
import { SnapshotWriterThread } from './snapshot-writer-thread';
import { normalised } from './normalised.spec-helper';

describe('snapshots written on the writer thread', () => {
  const stream = staffingStream('3374');
  let dir: string;
  let file: string;
  let log: MemoryEventStore;
  let replayed: StaffingState;

  beforeAll(async () => {
    log = new MemoryEventStore();
    replayed = (await seedHistory(log, { employees: 400, years: 2, seed: 11 })).state;
  }, 120_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asn-snapshot-thread-'));
    file = join(dir, 'snapshots.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are taken while the state goes on changing and reopen as the state at their revision', async () => {
    const events = await log.readStream(stream);
    const half = Math.floor(events.length / 2);
    // The first half written synchronously, then folded on a lazily loaded state as the api does.
    const start = new SqliteSnapshotStore(file);
    const state = start.open(stream);
    for (const event of events.slice(0, half))
      evolveStaffing(state, { type: event.type, data: event.data } as StaffingEvent, event.revision);
    start.save(stream, state);
    start.close();

    const snapshots = new SqliteSnapshotStore(file);
    const lazy = snapshots.open(stream);
    const thread = new SnapshotWriterThread(file);
    const snapshotter = new Snapshotter(snapshots, stream, new SnapshotPolicy(97), lazy.revision, thread);
    const written: Promise<unknown>[] = [];
    for (const event of events.slice(half)) {
      evolveStaffing(lazy, { type: event.type, data: event.data } as StaffingEvent, event.revision);
      const saving = snapshotter.afterAppend(lazy);
      if (saving) written.push(saving);
    }
    expect(written.length).toBeGreaterThan(5);
    const results = (await Promise.all(written)) as { revision: number }[];
    // The last one at the head, so the reopened state can be compared with the whole replay.
    if (results[results.length - 1].revision !== lazy.revision)
      await thread.write(encodeSnapshot(stream, lazy));
    await thread.close();
    snapshots.close();

    const reopened = new SqliteSnapshotStore(file);
    expect(normalised(reopened.open(stream))).toEqual(normalised(replayed));
    reopened.close();
  });

  it('keep a deleted entry absent between the snapshot being taken and being written', async () => {
    const first = new SqliteSnapshotStore(file);
    first.save(stream, replayed);
    first.close();
    const snapshots = new SqliteSnapshotStore(file);
    const lazy = snapshots.open(stream);
    const [actingId] = [...replayed.actings.keys()];
    expect(lazy.actings.delete(actingId)).toBe(true);
    const snapshot = encodeSnapshot(stream, lazy);
    expect(snapshot.rows).toContainEqual(['actings', actingId, null]);
    // Not yet written: the table still holds the entry, the state must not read it back.
    expect(lazy.actings.has(actingId)).toBe(false);
    expect([...lazy.actings.keys()]).not.toContain(actingId);
    const thread = new SnapshotWriterThread(file);
    await thread.write(snapshot);
    await thread.close();
    snapshots.close();
    const reopened = new SqliteSnapshotStore(file);
    expect(reopened.open(stream).actings.has(actingId)).toBe(false);
    reopened.close();
  });

  it('refuses every later snapshot after a failed write, and the last whole one stands', async () => {
    const first = new SqliteSnapshotStore(file);
    first.save(stream, replayed);
    first.close();
    const thread = new SnapshotWriterThread(file);
    const broken = {
      stream,
      revision: replayed.revision + 1,
      // A NULL map breaks the NOT NULL constraint halfway through the transaction.
      rows: [
        ['employees', 'x', 'j{}'],
        [null as unknown as string, 'y', 'j{}'],
      ] as [string, string, string][],
      scalars: '{}',
      savedAt: new Date().toISOString(),
    };
    await expect(thread.write(broken)).rejects.toThrow(/NOT NULL/);
    await expect(thread.write({ ...broken, revision: replayed.revision + 2, rows: [] })).rejects.toThrow(
      /earlier snapshot was not written/,
    );
    await thread.close();
    const reopened = new SqliteSnapshotStore(file);
    expect(reopened.revision(stream)).toBe(replayed.revision);
    expect(reopened.open(stream).employees.has('x')).toBe(false);
    reopened.close();
  });
});
