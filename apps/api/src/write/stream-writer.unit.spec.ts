import { ConcurrencyError, EventStore, MemoryEventStore, StoreUnavailableError } from '@asn/event-store';
import type { Decision } from '@asn/domain';
import { ProblemException } from '../errors/problem';
import type { CommandMeta } from './command-meta';
import { commandIdFor } from './ids';
import { StreamWriter, WriteRequest } from './stream-writer';

type Added = { type: 'Added'; data: { name: string } };
interface Team {
  names: string[];
  version: number;
}
const model = {
  initial: (): Team => ({ names: [], version: -1 }),
  evolve: (state: Team, event: Added, revision: number) => {
    state.names.push(event.data.name);
    state.version = revision;
    return state;
  },
};

/** Admits a name while the team has fewer than `max` members (a tiny fake decider). */
const admit =
  (name: string, max = 100) =>
  (state: Team): Decision<Added> =>
    state.names.length < max
      ? { ok: true, events: [{ type: 'Added', data: { name } }], warnings: [] }
      : {
          ok: false,
          violations: [{ code: 'POSITION_OCCUPIED', message: `team full, ${name} refused` }],
          warnings: [],
        };

const meta = (overrides: Partial<CommandMeta> = {}): CommandMeta => ({
  commandId: commandIdFor(overrides.idempotencyKey),
  correlationId: 'corr-1',
  actor: 'alice',
  ...overrides,
});

const request = (name: string, max?: number, m: Partial<CommandMeta> = {}): WriteRequest<Team, Added> => ({
  meta: meta(m),
  version: (state) => (state.version < 0 ? undefined : String(state.version)),
  decide: admit(name, max),
});

const problemOf = (error: unknown) => (error as ProblemException).problem;

describe('StreamWriter', () => {
  let store: MemoryEventStore;
  let writer: StreamWriter<Team, Added>;
  beforeEach(() => {
    store = new MemoryEventStore();
    writer = new StreamWriter(store, 'team-1', model);
  });

  it('writes the commands of one turn in a single append, each answered with its own events', async () => {
    const append = jest.spyOn(store, 'append');
    const answers = await Promise.all(['a', 'b', 'c'].map((n) => writer.execute(request(n))));
    expect(append).toHaveBeenCalledTimes(1);
    expect(answers.map((a) => a.events[0].revision)).toEqual([0, 1, 2]);
    expect(new Set(answers.map((a) => a.position)).size).toBe(1);
    const events = await store.readStream('team-1');
    expect(events.map((e) => e.data)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(events[0].metadata).toMatchObject({
      commandId: answers[0].commandId,
      causationId: answers[0].commandId,
      correlationId: 'corr-1',
      actor: 'alice',
      schemaVersion: 1,
      eventId: events[0].id,
    });
  });

  it('decides commands one at a time, so the second sees the first and is refused', async () => {
    const results = await Promise.allSettled([
      writer.execute(request('a', 1)),
      writer.execute(request('b', 1)),
    ]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[1].status).toBe('rejected');
    const problem = problemOf((results[1] as PromiseRejectedResult).reason);
    expect(problem).toMatchObject({ status: 422, code: 'RULE_VIOLATION' });
    expect(problem.violations?.[0].code).toBe('POSITION_OCCUPIED');
  });

  it('re-decides on a fresh state when another process wrote to the stream', async () => {
    await writer.execute(request('a', 2));
    const other = new StreamWriter(store, 'team-1', model);
    await other.execute(request('b', 2));
    await expect(writer.execute(request('c', 2))).rejects.toMatchObject({
      problem: { code: 'RULE_VIOLATION' },
    });
    expect((await store.readStream('team-1')).map((e) => (e.data as { name: string }).name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('re-decides after a ConcurrencyError raised by the append itself', async () => {
    const original = store.append.bind(store);
    let raced = false;
    jest.spyOn(store, 'append').mockImplementation(async (stream, events, expected) => {
      if (!raced) {
        raced = true;
        await original(stream, [{ ...events[0], id: 'intruder', data: { name: 'x' } }], expected);
      }
      return original(stream, events, expected);
    });
    const answer = await writer.execute(request('a'));
    expect(answer.events[0].revision).toBe(1);
    expect((await store.readStream('team-1')).map((e) => (e.data as { name: string }).name)).toEqual([
      'x',
      'a',
    ]);
  });

  it('answers 503 after too many conflicts and writes nothing', async () => {
    const bounded = new StreamWriter(store, 'team-1', model, { maxRetries: 2 });
    jest.spyOn(store, 'append').mockRejectedValue(new ConcurrencyError('team-1', 0, 1));
    await expect(bounded.execute(request('a'))).rejects.toMatchObject({
      problem: { status: 503, code: 'UNAVAILABLE' },
    });
    expect(store.append).toHaveBeenCalledTimes(3);
  });

  it('drops tentative events when an append fails, so the next command does not see them', async () => {
    const append = jest.spyOn(store, 'append').mockRejectedValueOnce(new StoreUnavailableError('disk gone'));
    await expect(writer.execute(request('a', 1))).rejects.toBeInstanceOf(StoreUnavailableError);
    append.mockRestore();
    const answer = await writer.execute(request('b', 1));
    expect(answer.events[0].revision).toBe(0);
  });

  it('answers 409 CONCURRENCY_CONFLICT when If-Match names an old version', async () => {
    await writer.execute(request('a'));
    await writer.execute(request('b'));
    await expect(writer.execute(request('c', 100, { ifMatch: ['0'] }))).rejects.toMatchObject({
      problem: { status: 409, code: 'CONCURRENCY_CONFLICT' },
    });
    await expect(writer.execute(request('c', 100, { ifMatch: ['1'] }))).resolves.toBeDefined();
  });

  it('recognises a retried Idempotency-Key from the log after a restart, and a reused one', async () => {
    const first = await writer.execute(request('a', 100, { idempotencyKey: 'k-1', requestHash: 'h1' }));
    const restarted = new StreamWriter(store, 'team-1', model);
    const retry = await restarted.execute(request('a', 100, { idempotencyKey: 'k-1', requestHash: 'h1' }));
    expect(retry).toEqual(first);
    await expect(
      restarted.execute(request('z', 100, { idempotencyKey: 'k-1', requestHash: 'h2' })),
    ).rejects.toMatchObject({ problem: { status: 409, code: 'IDEMPOTENCY_MISMATCH' } });
    expect(await store.readStream('team-1')).toHaveLength(1);
  });

  it('writes a key used twice in one turn once and answers both alike', async () => {
    const [a, b] = await Promise.all([
      writer.execute(request('a', 100, { idempotencyKey: 'k-2', requestHash: 'h' })),
      writer.execute(request('a', 100, { idempotencyKey: 'k-2', requestHash: 'h' })),
    ]);
    expect(b).toEqual(a);
    expect(await store.readStream('team-1')).toHaveLength(1);
  });

  it('derives event ids from the command id', async () => {
    const key = { idempotencyKey: 'k-3', requestHash: 'h' };
    const first = await writer.execute(request('a', 100, key));
    const elsewhere = new StreamWriter(new MemoryEventStore() as EventStore, 'team-1', model);
    const again = await elsewhere.execute(request('a', 100, key));
    expect(again.events[0].id).toBe(first.events[0].id);
  });

  it('queries see every command acknowledged before them', async () => {
    void writer.execute(request('a'));
    expect(await writer.query((state) => [...state.names])).toEqual(['a']);
  });

  describe('deciding ahead while a batch is being appended', () => {
    /** Holds every append until `release()`; the appends then go on in the order they came. */
    const gated = () => {
      const original = store.append.bind(store);
      const waiting: (() => void)[] = [];
      const append = jest
        .spyOn(store, 'append')
        .mockImplementation((stream, events, expected) =>
          new Promise<void>((resolve) => waiting.push(resolve)).then(() =>
            original(stream, events, expected),
          ),
        );
      const release = async (): Promise<void> => {
        while (waiting.length > 0) waiting.shift()?.();
        await new Promise((resolve) => setImmediate(resolve));
      };
      return { append, release, waiting };
    };
    const tick = () => new Promise((resolve) => setImmediate(resolve));

    it('decides the commands that arrive during an append at once, and appends them after it', async () => {
      const { append, release } = gated();
      const decided: string[] = [];
      const tracked = (name: string): WriteRequest<Team, Added> => ({
        ...request(name),
        decide: (state) => {
          decided.push(name);
          return admit(name)(state);
        },
      });
      const first = writer.execute(tracked('a'));
      await tick();
      expect(append).toHaveBeenCalledTimes(1);
      const later = [writer.execute(tracked('b')), writer.execute(tracked('c'))];
      await tick();
      // Decided on the state that holds 'a', not appended before 'a' is durable.
      expect(decided).toEqual(['a', 'b', 'c']);
      expect(append).toHaveBeenCalledTimes(1);
      await release();
      await first;
      await tick();
      expect(append).toHaveBeenCalledTimes(2);
      expect(append.mock.calls[1][2]).toBe(0);
      await release();
      const answers = await Promise.all(later);
      expect(answers.map((a) => a.events[0].revision)).toEqual([1, 2]);
      expect((await store.readStream('team-1')).map((e) => e.data)).toEqual([
        { name: 'a' },
        { name: 'b' },
        { name: 'c' },
      ]);
    });

    it('decides again what was decided ahead when the append before it failed', async () => {
      const original = store.append.bind(store);
      const { release } = gated();
      const first = writer.execute(request('a', 2));
      await tick();
      const ahead = writer.execute(request('b', 2)).catch((error: unknown) => error); // fits next to 'a' alone
      await tick();
      // Meanwhile another process fills the team: 'a' meets a ConcurrencyError and is decided again.
      const intruder = { id: 'intruder', type: 'Added', data: { name: 'x' }, metadata: {} as never };
      await original('team-1', [intruder], 'no_stream');
      for (let i = 0; i < 4; i++) await release();
      expect((await first).events[0].revision).toBe(1);
      expect(await ahead).toMatchObject({ problem: { code: 'RULE_VIOLATION' } });
      expect((await store.readStream('team-1')).map((e) => (e.data as { name: string }).name)).toEqual([
        'x',
        'a',
      ]);
    });

    it('writes a retried Idempotency-Key once when the retry comes while its command is appended', async () => {
      const { release } = gated();
      const key = { idempotencyKey: 'k-4', requestHash: 'h' };
      const first = writer.execute(request('a', 100, key));
      await tick();
      const retry = writer.execute(request('a', 100, key));
      await tick();
      await release();
      await tick();
      await release();
      expect(await retry).toEqual(await first);
      expect(await store.readStream('team-1')).toHaveLength(1);
    });

    it('tells `durable` every durable revision in order, and still decides ahead', async () => {
      const log: string[] = [];
      const durableWriter = new StreamWriter(store, 'team-1', {
        ...model,
        durable: (revision: number) => log.push(`durable ${revision}`),
      });
      const { release } = gated();
      const tracked = (name: string): WriteRequest<Team, Added> => ({
        ...request(name),
        decide: (state) => {
          log.push(`decide ${name}`);
          return admit(name)(state);
        },
      });
      const a = durableWriter.execute(tracked('a'));
      await tick();
      const b = durableWriter.execute(tracked('b')); // decided ahead of 'a' being durable
      await tick();
      expect(log).toEqual(['decide a', 'decide b']);
      await release(); // 'a' durable while the state already holds 'b': told at once
      await a;
      await tick();
      expect(log).toEqual(['decide a', 'decide b', 'durable 0']);
      await release();
      await b;
      expect(log).toEqual(['decide a', 'decide b', 'durable 0', 'durable 1']);
    });
  });
});
