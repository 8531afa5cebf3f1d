import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { SqliteEventStore } from '@asn/event-store';
import { flushRedisDb } from '@asn/testing';
import { readModelKeys } from '../src/keys';
import { runProjection, type RunOptions } from '../src/runner/projection-run';
import { RebuildThreads } from '../src/runner/rebuild-threads';
import { RedisReadModelStore } from '../src/store/redis-read-model-store';
import { SyntheticHistory } from '../../../test/support/synthetic/synthetic-history';

/** A Redis database this suite owns: flushed before and after. */
const DB = 8;
const URL = `redis://127.0.0.1:6379/${DB}`;
const INSTANSI = '3374';

describe('a rebuild on threads (SQLite log, Redis store)', () => {
  let dir: string;
  let log: SqliteEventStore;
  let store: RedisReadModelStore;

  beforeAll(async () => {
    await flushRedisDb(URL);
    dir = mkdtempSync(join(tmpdir(), 'asn-rebuild-threads-'));
    log = new SqliteEventStore(join(dir, 'events.sqlite'));
    const history = new SyntheticHistory({ seed: 7331, instansi: INSTANSI });
    for (let i = 0; i < 400; i++) {
      await history.step(log);
      // Another instansi's events in between: ranges of the log where this projection has nothing to do.
      if (i % 50 === 0) {
        const events = Array.from({ length: 120 }, (_, j) => ({
          id: `foreign-${i}-${j}`,
          type: 'UnitEstablished',
          data: {
            unitId: `u-${i}-${j}`,
            name: 'Dinas Lain',
            kind: 'DINAS',
            parentId: null,
            effectiveDate: '2020-01-01',
          },
          metadata: {
            eventId: `foreign-${i}-${j}`,
            commandId: `c-${i}`,
            correlationId: `c-${i}`,
            causationId: `c-${i}`,
            actor: 'test',
            recordedAt: '2020-01-01T00:00:00Z',
            schemaVersion: 1,
          },
        }));
        await log.append('staffing-9999', events, 'any');
      }
    }
    store = await RedisReadModelStore.connect({ url: URL });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await log?.close();
    await flushRedisDb(URL);
    rmSync(dir, { recursive: true, force: true });
  });

  const rebuild = (version: number, options: Partial<RunOptions>) =>
    runProjection({
      eventStore: log,
      store,
      keys: readModelKeys(INSTANSI, version),
      guards: () => [],
      after: '0',
      batchSize: 20,
      signal: new AbortController().signal,
      untilCaughtUp: true,
      ...options,
    });

  /** Ranges the threads projected during `run`. */
  async function rangesOnThreads(run: () => Promise<unknown>): Promise<number> {
    const project = jest.spyOn(RebuildThreads.prototype, 'project');
    try {
      await run();
      return project.mock.calls.length;
    } finally {
      project.mockRestore();
    }
  }

  it('writes every key as the rebuild on this thread does, and ends at the head of the log', async () => {
    expect(store.takesEncodedCommands).toBe(true);
    const caughtUp: string[] = [];
    const head = await log.headPosition();
    expect(
      await rangesOnThreads(async () => expect(await rebuild(1, { rebuildThreads: 0 })).toBe(head)),
    ).toBe(0);
    const ranges = await rangesOnThreads(async () =>
      expect(await rebuild(2, { rebuildThreads: 2, onCaughtUp: (at) => caughtUp.push(at) })).toBe(head),
    );
    expect(ranges).toBe(Math.ceil(Number(head) / 20));
    expect(caughtUp).toEqual([head]);
    const onThisThread = await store.dump(readModelKeys(INSTANSI, 1).prefix);
    const onThreads = await store.dump(readModelKeys(INSTANSI, 2).prefix);
    expect(onThisThread.size).toBeGreaterThan(100);
    for (const dump of [onThisThread, onThreads]) {
      expect(dump.get('meta')).toMatchObject({ checkpoint: head, holderIndex: '1' });
      dump.delete('meta');
    }
    expect([...onThreads.keys()].sort()).toEqual([...onThisThread.keys()].sort());
    expect(onThreads).toEqual(onThisThread);
  });

  it('resumes from a checkpoint, and writes nothing once its lease is gone', async () => {
    const keys = readModelKeys(INSTANSI, 3);
    const middle = String(Math.floor(Number(await log.headPosition()) / 2));
    await rebuild(3, { rebuildThreads: 0, after: '0' });
    const whole = await store.dump(keys.prefix);
    await store.dropPrefix(keys.prefix);
    // The first half as if the log ended there, then the rest from its checkpoint: the holder index reads
    // the employees it has not seen from the store.
    const firstHalf = Object.assign(Object.create(log) as SqliteEventStore, {
      headPosition: async () => middle,
    });
    let stopAt = '';
    expect(
      await rangesOnThreads(
        async () => (stopAt = await rebuild(3, { rebuildThreads: 2, eventStore: firstHalf })),
      ),
    ).toBeGreaterThan(10);
    expect(stopAt).toBe(middle);
    expect(await rangesOnThreads(() => rebuild(3, { rebuildThreads: 2, after: stopAt }))).toBeGreaterThan(10);
    const resumed = await store.dump(keys.prefix);
    for (const dump of [whole, resumed]) delete (dump.get('meta') as Record<string, string>).updatedAt;
    expect(resumed).toEqual(whole);

    const lease = 't:{3374}:lease-test';
    const client = createClient({ url: URL, database: DB });
    await client.connect();
    await client.set(lease, 'someone-else');
    const other = readModelKeys(INSTANSI, 4);
    await expect(
      rebuild(4, { rebuildThreads: 2, guards: () => [{ key: lease, value: 'me' }] }),
    ).rejects.toThrow('the lease or the live version changed');
    expect((await store.dump(other.prefix)).size).toBe(0);
    client.destroy();
  });

  it('fails, and never waits forever, when a thread cannot read the log', async () => {
    const threads = new RebuildThreads(
      { file: join(dir, 'missing.sqlite'), instansi: INSTANSI, version: 5 },
      2,
    );
    try {
      await expect(threads.project(0, 10)).rejects.toThrow();
      // The failed threads refuse at once what is asked of them afterwards.
      await expect(threads.project(10, 20)).rejects.toThrow();
    } finally {
      await threads.close();
    }
  });
});
