import {
  END,
  StreamDeletedError,
  eventTypeFilter,
  streamNameFilter,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { anEvent, connectedServer, drain, eventually, numbered, pause, uniqueStream } from './spec-helpers';

/** What the client's subscriptions have in common: they are event emitters. */
interface Emitter {
  on(event: string, listener: (...args: never[]) => void): unknown;
}

type Seen = number | 'caughtUp' | 'confirmation' | { checkpoint: bigint };

/** Records events (their `n`), confirmation, caughtUp and checkpoints in the order the client surfaces them. */
function record(subscription: Emitter): { seen: Seen[]; error: () => unknown } {
  const seen: Seen[] = [];
  let failure: unknown;
  subscription.on('confirmation', () => seen.push('confirmation'));
  subscription.on('caughtUp', () => seen.push('caughtUp'));
  subscription.on('data', (resolved: ResolvedEvent) => seen.push((resolved.event?.data as { n: number }).n));
  subscription.on('error', (error: Error) => (failure = error));
  return { seen, error: () => failure };
}

describe('catch-up subscriptions', () => {
  const connected = connectedServer();

  it('confirm, catch up on a stream, say caught_up exactly once, then deliver live events', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(3));
    const subscription = connected.client.subscribeToStream(stream);
    const { seen } = record(subscription);
    await eventually(() => expect(seen).toEqual(['confirmation', 0, 1, 2, 'caughtUp']));
    await connected.client.appendToStream(stream, numbered(2, 3));
    await connected.client.appendToStream(uniqueStream(), numbered(1, 99));
    await eventually(() => expect(seen).toEqual(['confirmation', 0, 1, 2, 'caughtUp', 3, 4]));
    expect(subscription.id).toEqual(expect.any(String));
    await subscription.unsubscribe();
  });

  it('start after the given revision, or at the end', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(3));
    const afterOne = connected.client.subscribeToStream(stream, { fromRevision: 1n });
    const fromEnd = connected.client.subscribeToStream(stream, { fromRevision: END });
    const [one, end] = [record(afterOne), record(fromEnd)];
    await eventually(() => expect(one.seen).toEqual(['confirmation', 2, 'caughtUp']));
    await eventually(() => expect(end.seen).toEqual(['confirmation', 'caughtUp']));
    await connected.client.appendToStream(stream, numbered(1, 3));
    await eventually(() => expect(end.seen).toEqual(['confirmation', 'caughtUp', 3]));
    await Promise.all([afterOne.unsubscribe(), fromEnd.unsubscribe()]);
  });

  it('wait on a stream that does not exist yet', async () => {
    const stream = uniqueStream();
    const subscription = connected.client.subscribeToStream(stream);
    const { seen } = record(subscription);
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp']));
    await connected.client.appendToStream(stream, numbered(1));
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp', 0]));
    await subscription.unsubscribe();
  });

  it('on $all, start strictly after a position and deliver the same live events to every subscriber', async () => {
    const prefix = `${uniqueStream('fan')}-`;
    await connected.client.appendToStream(`${prefix}a`, numbered(2));
    const [first] = await drain(connected.client.readStream(`${prefix}a`));
    const subscribe = () =>
      connected.client.subscribeToAll({
        fromPosition: first.event!.position,
        filter: streamNameFilter({ prefixes: [prefix] }),
      });
    const subscriptions = [subscribe(), subscribe()];
    const records = subscriptions.map(record);
    for (const { seen } of records)
      await eventually(() => expect(seen).toEqual(['confirmation', 1, 'caughtUp']));
    await connected.client.appendToStream(`${prefix}b`, numbered(2, 2));
    for (const { seen } of records)
      await eventually(() => expect(seen).toEqual(['confirmation', 1, 'caughtUp', 2, 3]));
    await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
  });

  it('on $all from the end, deliver only what is appended afterwards', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(1));
    const subscription = connected.client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [stream] }),
    });
    const { seen } = record(subscription);
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp']));
    await connected.client.appendToStream(stream, numbered(1, 1));
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp', 1]));
    await subscription.unsubscribe();
  });

  it('filter $all by event type with a regex', async () => {
    const stream = uniqueStream();
    const type = `Wanted${Date.now()}`;
    const subscription = connected.client.subscribeToAll({
      fromPosition: END,
      filter: eventTypeFilter({ regex: `^${type}$` }),
    });
    const { seen } = record(subscription);
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp']));
    await connected.client.appendToStream(stream, [
      anEvent(type, { n: 1 }),
      anEvent('Other', { n: 2 }),
      anEvent(type, { n: 3 }),
    ]);
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp', 1, 3]));
    await subscription.unsubscribe();
  });

  it('send filter checkpoints every search window × multiplier scanned events, at the last scanned position', async () => {
    const anchor = await connected.client.appendToStream(uniqueStream(), numbered(1));
    const checkpoints: Position[] = [];
    const subscription = connected.client.subscribeToAll({
      fromPosition: anchor.position,
      filter: streamNameFilter({
        prefixes: ['nothing-matches-'],
        maxSearchWindow: 10,
        checkpointInterval: 3,
        checkpointReached: (_subscription, position) => {
          checkpoints.push(position);
        },
      }),
    });
    const { seen } = record(subscription);
    await eventually(() => expect(seen).toEqual(['confirmation', 'caughtUp']));
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(65));
    const scanned = await drain(connected.client.readStream(stream));
    await eventually(() => expect(checkpoints).toHaveLength(2));
    expect(checkpoints).toEqual([scanned[29].event!.position, scanned[59].event!.position]);
    await pause(100);
    expect(checkpoints).toHaveLength(2);
    await subscription.unsubscribe();
  });

  it('drop a stream subscription with stream-deleted when the stream is tombstoned', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(1));
    const subscription = connected.client.subscribeToStream(stream);
    const { seen, error } = record(subscription);
    await eventually(() => expect(seen).toEqual(['confirmation', 0, 'caughtUp']));
    await connected.client.tombstoneStream(stream);
    await eventually(() => expect(error()).toBeInstanceOf(StreamDeletedError));
    expect(error()).toMatchObject({ streamName: stream });
  });
});
