import { createClient } from 'redis';
import { flushRedisDb } from '@asn/testing';
import { MemoryReadModelStore } from '../src/store/memory-read-model-store';
import { CheckpointMovedError, type ReadModelStore } from '../src/store/read-model-store.port';
import { encodeCommands } from '../src/store/commit-commands';
import { RedisReadModelStore } from '../src/store/redis-read-model-store';
import { hset, sadd, set, zadd } from '../src/write';

/** A Redis database this suite owns: flushed before and after. */
const URL = 'redis://127.0.0.1:6379/11';

describe.each([
  ['memory', async () => new MemoryReadModelStore()],
  ['redis', async () => RedisReadModelStore.connect({ url: URL })],
])('read-model store contract: %s', (_name, open: () => Promise<ReadModelStore>) => {
  let store: ReadModelStore;
  beforeAll(async () => {
    await flushRedisDb(URL);
    store = await open();
  });
  afterAll(async () => {
    await store.close();
    await flushRedisDb(URL);
  });

  it('applies a large batch (one key with 5,000 fields) and its checkpoint in one commit', async () => {
    const writes = Array.from({ length: 5000 }, (_, i) => hset('t:{1}:big', `f${i}`, `v${i}`));
    writes.push(
      sadd('t:{1}:set', 'a'),
      zadd('t:{1}:z', 0, 'n1'),
      set('t:{1}:s', 'x'),
      hset('t:{1}:meta', 'checkpoint', '7'),
    );
    expect(
      await store.commit({
        guards: [],
        follows: { key: 't:{1}:meta', field: 'checkpoint', value: '0' },
        writes,
      }),
    ).toBe(true);
    const [big, meta] = await store.hgetall(['t:{1}:big', 't:{1}:meta']);
    expect(Object.keys(big)).toHaveLength(5000);
    expect(big.f4999).toBe('v4999');
    expect(meta.checkpoint).toBe('7');
    expect(await store.smembers(['t:{1}:set', 't:{1}:none'])).toEqual([['a'], []]);
    expect(await store.hmget('t:{1}:big', ['f1', 'nope'])).toEqual(['v1', null]);
    expect(await store.zrangeAfter('t:{1}:z', '', 10)).toEqual(['n1']);
  });

  it('keeps keys, fields and values built piece by piece exactly as written (the memory store flattens them)', async () => {
    const nip = '199512012018081001';
    const key = `t:{1}:employee:${nip}` + ':' + 'record';
    const name = 'Siti Nur' + '\u2019aini ' + 'Ṣ' + '🙂'.repeat(3);
    const field = ['pos', nip.slice(0, 14), 'since'].join(':') + '';
    await store.commit({
      guards: [],
      writes: [
        hset(key, field, name),
        hset(key, 'empty', ''),
        sadd(`${key}:set`, name + name),
        set(`${key}:s`, `${name}:${field}`),
      ],
    });
    const [record] = await store.hgetall([key]);
    expect(record).toEqual({ [field]: name, empty: '' });
    expect(await store.smembers([`${key}:set`])).toEqual([[name + name]]);
    expect(await store.get([`${key}:s`])).toEqual([`${name}:${field}`]);
  });

  it('writes nothing when a guard does not hold, or when the batch does not follow the stored checkpoint', async () => {
    await store.set('t:{1}:lease', 'me');
    const writes = [hset('t:{1}:refused', 'f', 'v')];
    expect(await store.commit({ guards: [{ key: 't:{1}:lease', value: 'other' }], writes })).toBe(false);
    await expect(
      store.commit({ guards: [], follows: { key: 't:{1}:meta', field: 'checkpoint', value: '3' }, writes }),
    ).rejects.toBeInstanceOf(CheckpointMovedError);
    expect(await store.hgetall(['t:{1}:refused'])).toEqual([{}]);
  });

  it('a lease is taken once, renewed only by its holder and expires by itself', async () => {
    expect(await store.setIfAbsent('t:{1}:l', 'a', 150)).toBe(true);
    expect(await store.setIfAbsent('t:{1}:l', 'b', 150)).toBe(false);
    expect(await store.renewIfEqual('t:{1}:l', 'b', 150)).toBe(false);
    expect(await store.renewIfEqual('t:{1}:l', 'a', 150)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.setIfAbsent('t:{1}:l', 'b', 150)).toBe(true);
    expect(await store.deleteIfEqual('t:{1}:l', 'a')).toBe(false);
    expect(await store.deleteIfEqual('t:{1}:l', 'b')).toBe(true);
  });

  it('reads a hash again only when its field count moved (hgetallIfGrown)', async () => {
    await store.commit({
      guards: [],
      writes: [hset('t:{1}:g:a', 'r:1', 'x'), hset('t:{1}:g:a', 'r:2', 'y')],
    });
    const keys = ['t:{1}:g:a', 't:{1}:g:none'];
    expect(await store.hgetallIfGrown(keys.map((key) => ({ key, known: null })))).toEqual([
      { fields: 2, hash: { 'r:1': 'x', 'r:2': 'y' } },
      { fields: 0, hash: {} },
    ]);
    expect(
      await store.hgetallIfGrown([
        { key: keys[0], known: 2 },
        { key: keys[1], known: 0 },
      ]),
    ).toEqual([
      { fields: 2, hash: null },
      { fields: 0, hash: null },
    ]);
    await store.commit({ guards: [], writes: [hset('t:{1}:g:a', 'r:3', 'z')] });
    expect(await store.hgetallIfGrown([{ key: keys[0], known: 2 }])).toEqual([
      { fields: 3, hash: { 'r:1': 'x', 'r:2': 'y', 'r:3': 'z' } },
    ]);
  });

  it('drops every key of a prefix and publishes committed changes', async () => {
    const received: string[] = [];
    const unsubscribe = await store.subscribe('t:{1}:changes', (m) => received.push(m));
    await store.commit({
      guards: [],
      writes: [hset('t:{1}:drop:a', 'f', 'v'), sadd('t:{1}:drop:b', 'm')],
      publish: { channel: 't:{1}:changes', message: 'hello' },
    });
    const deadline = Date.now() + 2000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(['hello']);
    await unsubscribe();
    expect(await store.dropPrefix('t:{1}:drop:')).toBe(2);
    expect([...(await store.dump('t:{1}:drop:')).keys()]).toEqual([]);
  });
});

describe('the Redis store: writes encoded by another thread (MULTI/EXEC under WATCH)', () => {
  let store: RedisReadModelStore;
  beforeAll(async () => {
    await flushRedisDb(URL);
    store = await RedisReadModelStore.connect({ url: URL });
  });
  afterAll(async () => {
    await store.close();
    await flushRedisDb(URL);
  });

  const follows = (value: string) => ({ key: 't:{2}:meta', field: 'checkpoint', value });

  it('applies the encoded writes after the others, with the checkpoint, in one transaction', async () => {
    expect(store.takesEncodedCommands).toBe(true);
    await store.set('t:{2}:lease', 'me');
    const encoded = encodeCommands([
      hset('t:{2}:e', 'a', 'Siti Nurhaliza 😀'),
      hset('t:{2}:e', 'b', '2'),
      sadd('t:{2}:set', 'x'),
      zadd('t:{2}:z', Infinity, 'open'),
      set('t:{2}:s', 'v'),
    ]);
    expect(encoded.count).toBe(4);
    const batch = {
      guards: [{ key: 't:{2}:lease', value: 'me' }],
      follows: follows('0'),
      writes: [hset('t:{2}:meta', 'checkpoint', '5'), hset('t:{2}:e', 'b', '1')],
      encoded,
    };
    expect(await store.commit(batch)).toBe(true);
    const [e, meta] = await store.hgetall(['t:{2}:e', 't:{2}:meta']);
    // The encoded HSET of b comes after the batch's own writes.
    expect(e).toEqual({ a: 'Siti Nurhaliza 😀', b: '2' });
    expect(meta.checkpoint).toBe('5');
    expect(await store.smembers(['t:{2}:set'])).toEqual([['x']]);
    expect(await store.zrangeAfter('t:{2}:z', '', 10)).toEqual(['open']);
    expect(await store.get(['t:{2}:s'])).toEqual(['v']);
  });

  it('writes nothing when a guard does not hold or the checkpoint moved', async () => {
    const encoded = () => encodeCommands([hset('t:{2}:refused', 'f', 'v')]);
    expect(
      await store.commit({
        guards: [{ key: 't:{2}:lease', value: 'other' }],
        writes: [],
        encoded: encoded(),
      }),
    ).toBe(false);
    await expect(
      store.commit({ guards: [], follows: follows('4'), writes: [], encoded: encoded() }),
    ).rejects.toBeInstanceOf(CheckpointMovedError);
    expect(await store.hgetall(['t:{2}:refused'])).toEqual([{}]);
  });

  it('sends the batch again when a watched key changed but the guards still hold (a lease renewed)', async () => {
    const other = createClient({ url: URL });
    await other.connect();
    const connection = (store as unknown as { commits: { sendAllForLast: (...args: unknown[]) => unknown } })
      .commits;
    const send = connection.sendAllForLast.bind(connection);
    let renewals = 0;
    const spy = jest.spyOn(connection, 'sendAllForLast').mockImplementation(async (...args: unknown[]) => {
      // Between the check and EXEC: the holder renews its lease (same value, new expiry), once.
      if (renewals++ === 0) await other.pExpire('t:{2}:lease', 60_000);
      return send(...args);
    });
    try {
      const batch = {
        guards: [{ key: 't:{2}:lease', value: 'me' }],
        follows: follows('5'),
        writes: [hset('t:{2}:meta', 'checkpoint', '6')],
        encoded: encodeCommands([hset('t:{2}:again', 'f', 'v')]),
      };
      expect(await store.commit(batch)).toBe(true);
      expect(spy).toHaveBeenCalledTimes(2);
      expect(await store.hgetall(['t:{2}:again', 't:{2}:meta'])).toEqual([{ f: 'v' }, { checkpoint: '6' }]);
      // Another copy took the lease in that moment: EXEC applies nothing and the check then says no.
      renewals = 0;
      spy.mockImplementation(async (...args: unknown[]) => {
        if (renewals++ === 0) await other.set('t:{2}:lease', 'thief');
        return send(...args);
      });
      expect(
        await store.commit({
          ...batch,
          follows: follows('6'),
          encoded: encodeCommands([hset('t:{2}:late', 'f', 'v')]),
        }),
      ).toBe(false);
      expect(await store.hgetall(['t:{2}:late'])).toEqual([{}]);
    } finally {
      spy.mockRestore();
      other.destroy();
    }
  });
});
