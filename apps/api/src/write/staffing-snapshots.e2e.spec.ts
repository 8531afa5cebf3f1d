import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SNAPSHOT_FILE, SqliteSnapshotStore } from '@asn/snapshots';
import { aUnit } from '@asn/testing';
import { expectAccepted, expectProblem, startApi, type Api } from '../../../../test/e2e/commands/harness';
import { SQLITE_FILE } from '../store/event-store.module';
import Database from 'better-sqlite3';
import { currentBoot, SNAPSHOT_OWNER_FILE, StaffingSnapshots } from './staffing-snapshots';

const STREAM = 'staffing-3374';
const env = { SNAPSHOT_EVERY: '3' };

/** Establishes units u0..u{n-1}; u1 with an Idempotency-Key. Returns the answer to u1. */
async function establish(api: Api, n: number) {
  let keyed;
  for (let i = 0; i < n; i++) {
    const headers = i === 1 ? { 'Idempotency-Key': 'unit-u1' } : undefined;
    const res = await api.send('post', '/units', aUnit({ id: `u${i}` }), { headers });
    expectAccepted(res, ['UnitEstablished']);
    if (i === 1) keyed = res;
  }
  return keyed!;
}

function snapshotRevision(dir: string): number | undefined {
  const store = new SqliteSnapshotStore(join(dir, SNAPSHOT_FILE));
  try {
    return store.info(STREAM)?.revision;
  } finally {
    store.close();
  }
}

/** What the owner file says of the snapshot file: which boot wrote it, and whether it is synced. */
function syncState(dir: string, set?: { boot: string; synced: number }) {
  const owner = new Database(join(dir, SNAPSHOT_OWNER_FILE));
  try {
    if (set)
      owner.prepare('UPDATE snapshot_sync SET boot = ?, synced = ? WHERE id = 1').run(set.boot, set.synced);
    return owner.prepare('SELECT boot, synced FROM snapshot_sync WHERE id = 1').get();
  } finally {
    owner.close();
  }
}

describe('start-up from a snapshot of the staffing state (embedded store)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asn-snapshots-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes snapshots as commands are acknowledged, and a restart starts from the latest one', async () => {
    const first = await startApi({ env }, dir);
    const keyed = await establish(first, 8);
    await first.close();
    const saved = snapshotRevision(dir);
    expect(saved).toBeGreaterThanOrEqual(5);

    const load = jest.spyOn(StaffingSnapshots.prototype, 'load');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const second = await startApi({ env }, dir);
    try {
      // The rules see the state from the snapshot: u0 exists already.
      expectProblem(await second.send('post', '/units', aUnit({ id: 'u0' })), 422, 'RULE_VIOLATION');
      expect(load).toHaveBeenCalledTimes(1);
      expect(await load.mock.results[0].value).toMatchObject({ revision: 7 });
      // ... from the snapshot (not dropped as foreign and replayed).
      expect(warn.mock.calls.flat().join(' ')).not.toMatch(/snapshot/);
      // An Idempotency-Key used before the snapshot still gets its first answer.
      const retry = await second.send('post', '/units', aUnit({ id: 'u1' }), {
        headers: { 'Idempotency-Key': 'unit-u1' },
      });
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: keyed.body });
      expectAccepted(await second.send('post', '/units', aUnit({ id: 'u8' })), ['UnitEstablished']);
    } finally {
      await second.close();
    }
  });

  it('replays the stream when the snapshot does not belong to the log in DATA_DIR', async () => {
    const first = await startApi({ env }, dir);
    await establish(first, 8);
    await first.close();
    expect(snapshotRevision(dir)).toBeGreaterThanOrEqual(5);
    // Another log in the same place (a restored backup, a new city): the snapshot must not be used.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, SQLITE_FILE + suffix), { force: true });
    const second = await startApi({ env }, dir);
    try {
      expectAccepted(await second.send('post', '/units', aUnit({ id: 'u0' })), ['UnitEstablished']);
      expectAccepted(await second.send('post', '/units', aUnit({ id: 'u5' })), ['UnitEstablished']);
    } finally {
      await second.close();
    }
  });

  it('lets one process own the snapshots: a second api copy on the same DATA_DIR replays instead', async () => {
    const first = await startApi({ env }, dir);
    try {
      await establish(first, 4);
      expect(StaffingSnapshots.open(dir, STREAM, 3)).toBeUndefined();
      const second = await startApi({ env }, dir);
      try {
        expectProblem(await second.send('post', '/units', aUnit({ id: 'u2' })), 422, 'RULE_VIOLATION');
        expectAccepted(await second.send('post', '/units', aUnit({ id: 'u4' })), ['UnitEstablished']);
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  it('never reads a snapshot file that an earlier boot of the machine left unsynced', async () => {
    // Snapshots are written without syncs: while they are owned, the owner file says so, durably.
    const owned = StaffingSnapshots.open(dir, STREAM, 3)!;
    const ownerFile = (owned as unknown as { owner: Database.Database }).owner;
    expect(ownerFile.prepare('SELECT boot, synced FROM snapshot_sync').get()).toEqual({
      boot: currentBoot(),
      synced: 0,
    });
    await owned.close();
    expect(syncState(dir)).toEqual({ boot: currentBoot(), synced: 1 });

    const first = await startApi({ env }, dir);
    await establish(first, 8);
    await first.close();
    expect(syncState(dir)).toEqual({ boot: currentBoot(), synced: 1 });
    const saved = snapshotRevision(dir)!;
    expect(saved).toBeGreaterThanOrEqual(5);

    // Closed cleanly, then the machine restarted: the synced file is used.
    syncState(dir, { boot: 'an-earlier-boot', synced: 1 });
    const log = jest.spyOn(Logger.prototype, 'log');
    const second = await startApi({ env }, dir);
    try {
      expectProblem(await second.send('post', '/units', aUnit({ id: 'u7' })), 422, 'RULE_VIOLATION');
    } finally {
      await second.close();
    }
    expect(log.mock.calls.flat().join(' ')).toContain(`snapshot ${saved},`);

    // The machine went down while the api was writing snapshots: the file may be torn, so it is deleted
    // and the stream replayed, and the state is the whole stream's.
    syncState(dir, { boot: 'an-earlier-boot', synced: 0 });
    log.mockClear();
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const third = await startApi({ env }, dir);
    try {
      expectProblem(await third.send('post', '/units', aUnit({ id: 'u7' })), 422, 'RULE_VIOLATION');
      expectAccepted(await third.send('post', '/units', aUnit({ id: 'u8' })), ['UnitEstablished']);
      expect(warn.mock.calls.flat().join(' ')).toMatch(/when the machine went down.*deleting them/);
      expect(log.mock.calls.flat().join(' ')).toMatch(/staffing-3374 at revision 7: snapshot -1, 8 events/);
    } finally {
      await third.close();
    }
  });
});
