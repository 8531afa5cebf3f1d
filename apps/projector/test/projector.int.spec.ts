import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rosterOf } from '@asn/domain';
import { SqliteEventStore } from '@asn/event-store';
import {
  controlKeys,
  ProjectionQueries,
  Projector,
  readModelKeys,
  RedisReadModelStore,
  runProjection,
} from '@asn/projections';
import { flushRedisDb } from '@asn/testing';
import { SYNTHETIC_TODAY, SyntheticHistory } from '../../../test/support/synthetic/synthetic-history';
import { ProjectorProcess } from './projector-process';

/** A Redis database this suite owns: it is flushed before and after. */
const DB = 12;
const URL = `redis://127.0.0.1:6379/${DB}`;
const INSTANSI = '3374';
const control = controlKeys(INSTANSI);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('projector against a real Redis', () => {
  let dir: string;
  let log: SqliteEventStore;
  let history: SyntheticHistory;
  let store: RedisReadModelStore;
  let head: string;
  const processes: ProjectorProcess[] = [];

  const liveVersion = async () => Number((await store.get([control.alias]))[0] ?? 0);
  const checkpointOf = async (version: number) =>
    (await store.hget(readModelKeys(INSTANSI, version).meta, 'checkpoint')) ?? '0';
  const liveCheckpoint = async () => Number(await checkpointOf(await liveVersion()));

  /** Every key of the live version equals the same key of a rebuild from scratch (meta aside). */
  async function expectLiveEqualsRebuild(compareRosters = false): Promise<void> {
    const scratch = readModelKeys(INSTANSI, 99);
    await store.dropPrefix(scratch.prefix);
    await runProjection({
      eventStore: log,
      store,
      keys: scratch,
      guards: () => [],
      after: '0',
      batchSize: 1000,
      signal: new AbortController().signal,
      untilCaughtUp: true,
    });
    const live = await store.dump(readModelKeys(INSTANSI, await liveVersion()).prefix);
    const rebuilt = await store.dump(scratch.prefix);
    live.delete('meta');
    rebuilt.delete('meta');
    expect(live.size).toBeGreaterThan(100);
    expect([...live.keys()]).toEqual([...rebuilt.keys()]);
    expect(live).toEqual(rebuilt);
    await store.dropPrefix(scratch.prefix);
    if (!compareRosters) return;
    const queries = new ProjectionQueries(store, INSTANSI);
    for (const unitId of history.state.units.keys()) {
      expect((await queries.roster(unitId, SYNTHETIC_TODAY, 1)).body).toEqual(
        rosterOf(history.state, unitId, SYNTHETIC_TODAY, 1),
      );
    }
  }

  const spawnProjector = (extra: Record<string, string> = {}) => {
    const p = new ProjectorProcess({
      REDIS_URL: URL,
      DATA_DIR: dir,
      INSTANSI,
      PROJECTOR_LEASE_TTL_MS: '1000',
      ...extra,
    });
    processes.push(p);
    return p;
  };

  beforeAll(async () => {
    await flushRedisDb(URL);
    dir = mkdtempSync(join(tmpdir(), 'asn-projector-'));
    log = new SqliteEventStore(join(dir, 'events.sqlite'));
    history = new SyntheticHistory({ seed: 20251, instansi: INSTANSI });
    for (let i = 0; i < 800; i++) await history.step(log);
    head = await log.headPosition();
    store = await RedisReadModelStore.connect({ url: URL, database: DB });
  }, 60_000);

  afterAll(async () => {
    for (const p of processes) await p.stop();
    await store?.close();
    await log?.close();
    await flushRedisDb(URL);
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed mid-history and restarted, it resumes from its checkpoint: no gap, no double count', async () => {
    const first = spawnProjector({ PROJECTOR_BATCH_SIZE: '1' });
    const reached = await until('the first commits', async () => {
      const c = await liveCheckpoint();
      return c > 20 && c;
    });
    await first.kill();
    const killedAt = await liveCheckpoint();
    expect(reached).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(Number(head));
    spawnProjector({ PROJECTOR_BATCH_SIZE: '7' });
    await until('the restarted projector to catch up', async () => (await liveCheckpoint()) >= Number(head));
    await expectLiveEqualsRebuild(true);
  }, 60_000);

  it('two copies: one writes, the other waits and takes over within seconds when the first is killed', async () => {
    for (const p of processes.splice(0)) await p.stop();
    const a = spawnProjector();
    await until('copy A to take the lease', async () => a.leaseId);
    const b = spawnProjector();
    await until('copy B to wait for the lease', async () =>
      b.output.join('').includes('waiting for the projector lease'),
    );
    await sleep(1500);
    expect(b.leaseId).toBeUndefined();
    expect((await store.get([control.lease]))[0]).toBe(a.leaseId);
    await a.kill();
    const killedAt = Date.now();
    await until('copy B to take over', async () => b.leaseId, 10_000);
    // The lease lives 1 s after its last renewal; B retries every 200 ms.
    expect(Date.now() - killedAt).toBeLessThan(3000);
    for (let i = 0; i < 40; i++) await history.step(log);
    const newHead = Number(await log.headPosition());
    await until('copy B to project the new events', async () => (await liveCheckpoint()) >= newHead, 10_000);
    expect((await store.get([control.lease]))[0]).toBe(b.leaseId);
    head = String(newHead);
    await expectLiveEqualsRebuild();
  }, 60_000);

  it('after Redis loses its data (FLUSHDB), the projector rebuilds the read models by itself', async () => {
    for (const p of processes.splice(0)) await p.stop();
    const projector = new Projector({
      eventStore: log,
      store,
      instansi: INSTANSI,
      leaseTtlMs: 600,
      batchSize: 500,
    });
    projector.start();
    try {
      await until('catching up', async () => (await liveCheckpoint()) >= Number(head));
      await flushRedisDb(URL);
      expect(await store.get([control.alias])).toEqual([null]);
      await until(
        'the read models to come back',
        async () => (await liveCheckpoint()) >= Number(head),
        15_000,
      );
      await expectLiveEqualsRebuild();
    } finally {
      await projector.stop();
    }
  }, 60_000);

  it('rebuilds into a new version and flips the alias; the old version is dropped', async () => {
    const projector = new Projector({
      eventStore: log,
      store,
      instansi: INSTANSI,
      leaseTtlMs: 600,
      batchSize: 500,
      dropDelayMs: 10,
    });
    projector.start();
    try {
      await until('catching up', async () => (await liveCheckpoint()) >= Number(head));
      const before = await liveVersion();
      const result = await projector.rebuild();
      expect(result).toMatchObject({ state: 'done', fromVersion: before, version: before + 1 });
      expect(await liveVersion()).toBe(before + 1);
      await until(
        'the old version to be dropped',
        async () => (await store.dump(readModelKeys(INSTANSI, before).prefix)).size === 0,
      );
      for (let i = 0; i < 20; i++) await history.step(log);
      head = await log.headPosition();
      await until(
        'live projection into the new version',
        async () => (await liveCheckpoint()) >= Number(head),
      );
      await expectLiveEqualsRebuild();
    } finally {
      await projector.stop();
    }
  }, 60_000);
});
