import { randomUUID } from 'node:crypto';
import {
  type EsdbTestServer,
  startEsdbTestServer,
} from '../../../../test/support/esdb-test-server/esdb-test-server';
import { StoreUnavailableError } from '../errors';
import type { EventToAppend, SubscriptionMessage } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';

function events(from: number, count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => {
    const id = randomUUID();
    return {
      id,
      type: 'Counted',
      data: { n: from + i },
      metadata: {
        eventId: id,
        commandId: id,
        correlationId: id,
        causationId: id,
        actor: 'resilience-test',
        recordedAt: new Date().toISOString(),
        schemaVersion: 1,
      },
    };
  });
}

/** Collects what a subscription delivers, in order, while the test goes on. */
function collect(iterable: AsyncIterable<SubscriptionMessage>) {
  const received: SubscriptionMessage[] = [];
  let failure: unknown;
  const done = (async () => {
    try {
      for await (const message of iterable) received.push(message);
    } catch (error) {
      failure = error;
    }
  })();
  const numbers = (): unknown[] =>
    received.map((message) =>
      message.kind === 'event' ? (message.event.data as { n: number }).n : message.kind,
    );
  return { received, numbers, done, failure: () => failure };
}

async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

describe('EsdbEventStore when the server drops every connection', () => {
  let server: EsdbTestServer;
  let store: EsdbEventStore;

  beforeEach(async () => {
    server = await startEsdbTestServer({ insecure: true });
    store = new EsdbEventStore({
      connectionString: server.connectionString,
      resubscribeDelays: { initialMs: 20, maxMs: 200 },
    });
  });

  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  it('resubscribes from its checkpoint with no gap and no duplicate, and fails appends only during the outage', async () => {
    const stream = `counted-${randomUUID()}`;
    await store.append(stream, events(0, 3), 'no_stream');
    // Events the filter skips: the subscription passes them through server checkpoints only.
    for (let i = 0; i < 4; i++) await store.append(`other-${randomUUID()}`, events(100, 20), 'no_stream');
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['counted-'] } });
    const seen = collect(subscription);
    await eventually(() => expect(seen.numbers()).toEqual([0, 1, 2, 'caughtUp']));
    await store.append(stream, events(3, 2), 2);
    await eventually(() => expect(seen.numbers()).toEqual([0, 1, 2, 'caughtUp', 3, 4]));

    await server.dropConnections(async () => {
      await expect(store.append(stream, events(5, 1), 4)).rejects.toBeInstanceOf(StoreUnavailableError);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(store.append(stream, events(5, 1), 4)).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    await store.append(stream, events(5, 2), 4);
    for (let i = 0; i < 2; i++) await store.append(`other-${randomUUID()}`, events(200, 20), 'no_stream');
    await store.append(stream, events(7, 1), 6);
    await eventually(() => expect(seen.numbers()).toEqual([0, 1, 2, 'caughtUp', 3, 4, 5, 6, 7]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.numbers()).toEqual([0, 1, 2, 'caughtUp', 3, 4, 5, 6, 7]);
    expect(seen.failure()).toBeUndefined();
    await subscription.close();
    await seen.done;
  });

  it('resubscribes when the drop comes while it is still catching up', async () => {
    const stream = `counted-${randomUUID()}`;
    await store.append(stream, events(0, 200), 'no_stream');
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['counted-'] } });
    const seen = collect(subscription);
    await eventually(() => expect(seen.received.length).toBeGreaterThan(0));
    await server.dropConnections();
    const expected = [...Array.from({ length: 200 }, (_, n) => n), 'caughtUp'];
    await eventually(() => expect(seen.numbers()).toEqual(expected));
    await store.append(stream, events(200, 1), 199);
    await eventually(() => expect(seen.numbers()).toEqual([...expected, 200]));
    await subscription.close();
    await seen.done;
  });
});
