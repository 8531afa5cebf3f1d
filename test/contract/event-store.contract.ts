import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  comparePositions,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type Position,
  type RecordedEvent,
  type Subscription,
  type SubscriptionMessage,
} from '@asn/event-store';

/**
 * The behaviour every EventStore adapter must have. The store may be shared with other tests and
 * hold other events (EventStoreDB's $all starts with system events): each test writes to streams
 * under its own prefix, filters by it, and compares positions only with comparePositions.
 */
export function eventStoreContract(
  name: string,
  create: () => Promise<EventStore>,
  dispose: (store: EventStore) => Promise<void> = (store) => store.close(),
): void {
  describe(`EventStore contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    let tests = 0;
    let store: EventStore;
    /** A stream prefix that no other test (or run) shares. */
    const newPrefix = (): string => `ct${run}t${++tests}-`;

    beforeAll(async () => {
      store = await create();
    });
    afterAll(async () => {
      await dispose(store);
    });

    describe('append and expected revisions', () => {
      it('appends to a new stream with no_stream, from revision 0', async () => {
        const stream = `${newPrefix()}a`;
        const result = await store.append(
          stream,
          [anEvent('A', { n: 1 }), anEvent('B', { n: 2 })],
          'no_stream',
        );
        expect(result.nextRevision).toBe(1);
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.revision, e.type, e.data])).toEqual([
          [0, 'A', { n: 1 }],
          [1, 'B', { n: 2 }],
        ]);
        expect(read.every((e) => e.stream === stream)).toBe(true);
      });

      it('refuses no_stream on an existing stream with a ConcurrencyError naming stream, expected and actual', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, [anEvent()], 'no_stream');
        const error = await refusal(store.append(stream, [anEvent()], 'no_stream'));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream, expected: 'no_stream', actual: 0 });
      });

      it('appends after an exact expected revision', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, [anEvent(), anEvent()], 'no_stream');
        const result = await store.append(stream, [anEvent('C')], 1);
        expect(result.nextRevision).toBe(2);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Tested', 'Tested', 'C']);
      });

      it('refuses a stale or future expected revision, reporting the current one', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, [anEvent(), anEvent()], 'no_stream');
        await expect(store.append(stream, [anEvent()], 0)).rejects.toMatchObject({
          stream,
          expected: 0,
          actual: 1,
        });
        await expect(store.append(stream, [anEvent()], 5)).rejects.toMatchObject({
          stream,
          expected: 5,
          actual: 1,
        });
      });

      it('refuses an exact revision on a missing stream, reporting no_stream', async () => {
        const stream = `${newPrefix()}a`;
        const error = await refusal(store.append(stream, [anEvent()], 0));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream, expected: 0, actual: 'no_stream' });
      });

      it('writes nothing when it refuses an append', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, [anEvent()], 'no_stream');
        await refusal(store.append(stream, [anEvent(), anEvent()], 'no_stream'));
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('appends with any whether or not the stream exists', async () => {
        const stream = `${newPrefix()}a`;
        expect((await store.append(stream, [anEvent()], 'any')).nextRevision).toBe(0);
        expect((await store.append(stream, [anEvent(), anEvent()], 'any')).nextRevision).toBe(2);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('lets exactly one of 20 concurrent appends with the same expected revision win', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, [anEvent()], 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.append(stream, [anEvent('Raced', { i })], 0)),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(losers).toHaveLength(19);
        expect(losers.every((o) => o.reason instanceof ConcurrencyError)).toBe(true);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('lets exactly one of 20 concurrent no_stream appends create the stream', async () => {
        const stream = `${newPrefix()}a`;
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () => store.append(stream, [anEvent(), anEvent()], 'no_stream')),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('idempotent retries', () => {
      it('returns the original result when the same events are appended again at the same expected revision', async () => {
        const stream = `${newPrefix()}a`;
        const first = [anEvent(), anEvent()];
        const created = await store.append(stream, first, 'no_stream');
        expect(await store.append(stream, first, 'no_stream')).toEqual(created);
        const next = [anEvent('C')];
        const appended = await store.append(stream, next, 1);
        expect(await store.append(stream, next, 1)).toEqual(appended);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual(
          [...first, ...next].map((e) => e.id),
        );
      });

      it('refuses a retry at the same expected revision with other event ids', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, [anEvent()], 'no_stream');
        await expect(store.append(stream, [anEvent()], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards from a revision, at most maxCount events', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, numbered(5), 'no_stream');
        expect(revisions(await store.readStream(stream, { fromRevision: 2, maxCount: 2 }))).toEqual([2, 3]);
        expect(revisions(await store.readStream(stream, { fromRevision: 3 }))).toEqual([3, 4]);
        expect(revisions(await store.readStream(stream, { maxCount: 2 }))).toEqual([0, 1]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const stream = `${newPrefix()}a`;
        await store.append(stream, numbered(5), 'no_stream');
        expect(revisions(await store.readStream(stream, { direction: 'backwards' }))).toEqual([
          4, 3, 2, 1, 0,
        ]);
        expect(revisions(await store.readStream(stream, { direction: 'backwards', maxCount: 1 }))).toEqual([
          4,
        ]);
        expect(
          revisions(await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 })),
        ).toEqual([3, 2]);
      });

      it('reads an unknown stream as empty, in both directions', async () => {
        const stream = `${newPrefix()}missing`;
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.readStream(stream, { direction: 'backwards' })).toEqual([]);
      });

      it('round-trips data and the whole envelope metadata', async () => {
        const stream = `${newPrefix()}a`;
        const data = {
          nip: '198503152010011001',
          units: ['a', 'b'],
          nested: { n: 1.5, ok: true, none: null },
          text: 'Dinas Pendidikan ✓',
        };
        const appended = anEvent('Appointed', data, {
          decree: { decreeId: randomUUID(), number: '800/123/2026' },
          custom: { reason: 'mutasi', lines: [1, 2] },
        });
        await store.append(stream, [appended], 'no_stream');
        const [read] = await store.readStream(stream);
        expect(read.id).toBe(appended.id);
        expect(read.type).toBe('Appointed');
        expect(read.data).toEqual(data);
        // toMatchObject: a decorating store may add fields (the hash chain) but must keep every given one.
        expect(read.metadata).toMatchObject(appended.metadata);
        expect(read.metadata.decree).toEqual(appended.metadata.decree);
      });
    });

    describe('positions', () => {
      it('are strings that increase in append order, and the append result names the last event', async () => {
        const prefix = newPrefix();
        const results = [];
        for (const stream of ['a', 'b', 'a', 'c']) {
          results.push(await store.append(`${prefix}${stream}`, [anEvent(), anEvent()], 'any'));
        }
        for (const result of results) expect(typeof result.position).toBe('string');
        for (let i = 1; i < results.length; i++) {
          expect(comparePositions(results[i - 1].position, results[i].position)).toBeLessThan(0);
        }
        const [lastOfC] = await store.readStream(`${prefix}c`, { direction: 'backwards', maxCount: 1 });
        expect(lastOfC.position).toBe(results[3].position);
      });

      it('headPosition reaches the last append', async () => {
        const before = await store.headPosition();
        const result = await store.append(`${newPrefix()}a`, [anEvent()], 'no_stream');
        const after = await store.headPosition();
        expect(typeof after).toBe('string');
        expect(comparePositions(before, result.position)).toBeLessThan(0);
        expect(comparePositions(after, result.position)).toBeGreaterThanOrEqual(0);
      });
    });

    describe('reading the global log', () => {
      it('keeps the global order across streams', async () => {
        const prefix = newPrefix();
        const start = await store.headPosition();
        for (const stream of ['a', 'b', 'a', 'b', 'c'])
          await store.append(`${prefix}${stream}`, [anEvent()], 'any');
        const read = await store.readAll({ after: start, filter: { streamPrefixes: [prefix] } });
        expect(read.map((e) => [e.stream.slice(prefix.length), e.revision])).toEqual([
          ['a', 0],
          ['b', 0],
          ['a', 1],
          ['b', 1],
          ['c', 0],
        ]);
        expectIncreasing(read.map((e) => e.position));
      });

      it('reads strictly after a position, at most maxCount events', async () => {
        const prefix = newPrefix();
        const stream = `${prefix}a`;
        for (let i = 0; i < 4; i++) await store.append(stream, [anEvent('Tested', { i })], 'any');
        const [first] = await store.readStream(stream);
        const read = await store.readAll({
          after: first.position,
          maxCount: 2,
          filter: { streamPrefixes: [prefix] },
        });
        expect(read.map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
      });

      it('filters by stream prefixes', async () => {
        const [one, two, other] = [newPrefix(), newPrefix(), newPrefix()];
        const start = await store.headPosition();
        await store.append(`${one}a`, [anEvent()], 'no_stream');
        await store.append(`${other}a`, [anEvent()], 'no_stream');
        await store.append(`${two}a`, [anEvent()], 'no_stream');
        const read = await store.readAll({ after: start, filter: { streamPrefixes: [one, two] } });
        expect(read.map((e) => e.stream)).toEqual([`${one}a`, `${two}a`]);
      });

      it('filters by event types', async () => {
        const prefix = newPrefix();
        const [hired, trained] = [`Hired${run}`, `Trained${run}`];
        const start = await store.headPosition();
        await store.append(
          `${prefix}a`,
          [anEvent(hired), anEvent(trained), anEvent('Other'), anEvent(trained)],
          'no_stream',
        );
        const byType = await store.readAll({ after: start, filter: { eventTypes: [trained] } });
        expect(byType.map((e) => e.revision)).toEqual([1, 3]);
        const both = await store.readAll({
          after: start,
          filter: { streamPrefixes: [prefix], eventTypes: [hired, trained] },
        });
        expect(both.map((e) => e.type)).toEqual([hired, trained, trained]);
      });

      it('reads the same events and data when asked to omit the metadata, in the log and a subscription', async () => {
        const prefix = newPrefix();
        const start = await store.headPosition();
        await store.append(`${prefix}a`, numbered(3), 'no_stream');
        await store.append(`${prefix}b`, numbered(2), 'no_stream');
        const filter = { streamPrefixes: [prefix] };
        const envelope = (e: RecordedEvent) => [e.id, e.type, e.stream, e.revision, e.position, e.data];
        const full = await store.readAll({ after: start, filter });
        const lean = await store.readAll({ after: start, filter, omitMetadata: true });
        expect(lean.map(envelope)).toEqual(full.map(envelope));
        // Either left empty or the whole metadata, never a part of it.
        for (const [i, e] of lean.entries()) expect([{}, full[i].metadata]).toContainEqual(e.metadata);
        const subscription = store.subscribeToAll({ after: start, filter, omitMetadata: true });
        try {
          const messages = await new MessageReader(subscription).take(6);
          expect(messages.slice(0, 5).map((m) => envelope(eventOf(m)))).toEqual(full.map(envelope));
          expect(messages[5].kind).toBe('caughtUp');
        } finally {
          await subscription.close();
        }
      });
    });

    describe('subscribing to the global log', () => {
      it('catches up, says caughtUp exactly once, then delivers live events', async () => {
        const prefix = newPrefix();
        const start = await store.headPosition();
        await store.append(`${prefix}a`, numbered(3), 'no_stream');
        const subscription = store.subscribeToAll({ after: start, filter: { streamPrefixes: [prefix] } });
        const reader = new MessageReader(subscription);
        try {
          const catchUp = await reader.take(4);
          expect(catchUp.slice(0, 3).map(dataOf)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
          const caughtUp = catchUp[3];
          expect(caughtUp.kind).toBe('caughtUp');
          const lastCaughtUpEvent = eventOf(catchUp[2]);
          if (caughtUp.kind === 'caughtUp') {
            expect(comparePositions(caughtUp.position, lastCaughtUpEvent.position)).toBeGreaterThanOrEqual(0);
          }
          await store.append(`${prefix}a`, [anEvent('Tested', { n: 3 })], 2);
          await store.append(`${prefix}b`, [anEvent('Tested', { n: 4 })], 'no_stream');
          expect((await reader.take(2)).map(dataOf)).toEqual([{ n: 3 }, { n: 4 }]);
          expect(await reader.nothingWithin(400)).toBe(true);
        } finally {
          await subscription.close();
        }
      });

      it('starts strictly after the given position', async () => {
        const prefix = newPrefix();
        await store.append(`${prefix}a`, numbered(3), 'no_stream');
        const [first] = await store.readStream(`${prefix}a`);
        const subscription = store.subscribeToAll({
          after: first.position,
          filter: { streamPrefixes: [prefix] },
        });
        const reader = new MessageReader(subscription);
        try {
          const messages = await reader.take(3);
          expect(messages.slice(0, 2).map(dataOf)).toEqual([{ n: 1 }, { n: 2 }]);
          expect(messages[2].kind).toBe('caughtUp');
        } finally {
          await subscription.close();
        }
      });

      it('reports caughtUp when nothing matches yet, and then only live events that match the filter', async () => {
        const prefix = newPrefix();
        const wanted = `Wanted${run}`;
        const start = await store.headPosition();
        const subscription = store.subscribeToAll({
          after: start,
          filter: { streamPrefixes: [prefix], eventTypes: [wanted] },
        });
        const reader = new MessageReader(subscription);
        try {
          expect((await reader.take(1))[0].kind).toBe('caughtUp');
          await store.append(`${prefix}a`, [anEvent('Unwanted'), anEvent(wanted, { n: 1 })], 'no_stream');
          await store.append(`${newPrefix()}a`, [anEvent(wanted, { n: 2 })], 'no_stream');
          await store.append(`${prefix}a`, [anEvent(wanted, { n: 3 })], 1);
          expect((await reader.take(2)).map(dataOf)).toEqual([{ n: 1 }, { n: 3 }]);
          expect(await reader.nothingWithin(300)).toBe(true);
        } finally {
          await subscription.close();
        }
      });

      it('delivers the same live events to every subscriber', async () => {
        const prefix = newPrefix();
        const start = await store.headPosition();
        const subscriptions = [1, 2].map(() =>
          store.subscribeToAll({ after: start, filter: { streamPrefixes: [prefix] } }),
        );
        const readers = subscriptions.map((subscription) => new MessageReader(subscription));
        try {
          for (const reader of readers) expect((await reader.take(1))[0].kind).toBe('caughtUp');
          await store.append(`${prefix}a`, numbered(2), 'no_stream');
          for (const reader of readers)
            expect((await reader.take(2)).map(dataOf)).toEqual([{ n: 0 }, { n: 1 }]);
        } finally {
          await Promise.all(subscriptions.map((subscription) => subscription.close()));
        }
      });

      it('ends the iteration when closed', async () => {
        const prefix = newPrefix();
        const start = await store.headPosition();
        await store.append(`${prefix}a`, [anEvent()], 'no_stream');
        const subscription = store.subscribeToAll({ after: start, filter: { streamPrefixes: [prefix] } });
        const received: SubscriptionMessage[] = [];
        const consumed = (async () => {
          for await (const message of subscription) {
            received.push(message);
            if (message.kind === 'caughtUp') setTimeout(() => void subscription.close(), 50);
          }
        })();
        await expect(withTimeout(consumed, 5000)).resolves.toBeUndefined();
        expect(received.map((m) => m.kind)).toEqual(['event', 'caughtUp']);
      });
    });
  });
}

function anEvent(type = 'Tested', data: unknown = {}, metadata: Partial<EventMetadata> = {}): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type,
    data,
    metadata: {
      eventId: id,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: 'contract-test',
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
      ...metadata,
    },
  };
}

function numbered(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => anEvent('Tested', { n }));
}

function revisions(events: RecordedEvent[]): number[] {
  return events.map((e) => e.revision);
}

function expectIncreasing(positions: Position[]): void {
  for (let i = 1; i < positions.length; i++)
    expect(comparePositions(positions[i - 1], positions[i])).toBeLessThan(0);
}

function eventOf(message: SubscriptionMessage): RecordedEvent {
  if (message.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(message)}`);
  return message.event;
}

function dataOf(message: SubscriptionMessage): unknown {
  return eventOf(message).data;
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the append was expected to be refused');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`nothing happened within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const TIMED_OUT = Symbol('timed out');

/** Reads a subscription message by message, with timeouts, without losing a message to a timeout. */
class MessageReader {
  private readonly iterator: AsyncIterator<SubscriptionMessage>;
  private pending?: Promise<IteratorResult<SubscriptionMessage>>;

  constructor(subscription: Subscription) {
    this.iterator = subscription[Symbol.asyncIterator]();
  }

  async take(count: number, timeoutMs = 5000): Promise<SubscriptionMessage[]> {
    const messages: SubscriptionMessage[] = [];
    while (messages.length < count) {
      const next = await this.next(timeoutMs);
      if (next === TIMED_OUT)
        throw new Error(`only ${messages.length} of ${count} messages within ${timeoutMs} ms`);
      if (next.done) throw new Error(`the subscription ended after ${messages.length} of ${count} messages`);
      messages.push(next.value);
    }
    return messages;
  }

  async nothingWithin(ms: number): Promise<boolean> {
    return (await this.next(ms)) === TIMED_OUT;
  }

  /** A next() still pending at a timeout is kept for the following call, so its message is not lost. */
  private async next(timeoutMs: number): Promise<IteratorResult<SubscriptionMessage> | typeof TIMED_OUT> {
    this.pending ??= this.iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    const result = await Promise.race([this.pending, timeout]).finally(() => clearTimeout(timer));
    if (result !== TIMED_OUT) this.pending = undefined;
    return result;
  }
}
