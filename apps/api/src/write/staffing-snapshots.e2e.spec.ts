import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SNAPSHOT_FILE, SqliteSnapshotStore } from '@asn/snapshots';
import { aUnit } from '@asn/testing';
import { expectAccepted, expectProblem, startApi, type Api } from '../../../../test/e2e/commands/harness';
import { SQLITE_FILE } from '../store/event-store.module';
import { StaffingSnapshots } from './staffing-snapshots';

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
});
