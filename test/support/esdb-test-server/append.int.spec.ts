import {
  ANY,
  type AppendToStreamOptions,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { anEvent, connectedServer, drain, numbered, rejection, uniqueStream } from './spec-helpers';

/** Per-call credentials make the client use Streams.Append; without them it uses Streams.BatchAppend. */
const paths: [string, AppendToStreamOptions][] = [
  ['BatchAppend', {}],
  ['Append', { credentials: { username: 'admin', password: 'changeit' } }],
];

describe.each(paths)('appending through Streams.%s', (_path, through) => {
  const connected = connectedServer();
  const append = (stream: string, events: ReturnType<typeof numbered>, options: AppendToStreamOptions = {}) =>
    connected.client.appendToStream(stream, events, { ...through, ...options });
  const revisionsOf = async (stream: string) =>
    (await drain(connected.client.readStream(stream))).map((resolved) => resolved.event?.revision);

  it('creates a stream with no_stream, numbering revisions from 0, and reports the last position', async () => {
    const stream = uniqueStream();
    const result = await append(stream, numbered(3), { expectedRevision: NO_STREAM });
    expect(result).toMatchObject({ success: true, nextExpectedRevision: 2n });
    const read = await drain(connected.client.readStream(stream));
    expect(read.map((resolved) => resolved.event?.revision)).toEqual([0n, 1n, 2n]);
    expect(read[2].event?.position).toEqual(result.position);
  });

  it('refuses no_stream on an existing stream with the current revision', async () => {
    const stream = uniqueStream();
    await append(stream, numbered(2), { expectedRevision: NO_STREAM });
    const error = await rejection(append(stream, numbered(1), { expectedRevision: NO_STREAM }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: NO_STREAM, actualVersion: 1n });
    expect(await revisionsOf(stream)).toEqual([0n, 1n]);
  });

  it('appends after the exact current revision and refuses any other, naming both revisions', async () => {
    const stream = uniqueStream();
    await append(stream, numbered(2), { expectedRevision: NO_STREAM });
    expect(await append(stream, numbered(1), { expectedRevision: 1n })).toMatchObject({
      nextExpectedRevision: 2n,
    });
    expect(await rejection(append(stream, numbered(1), { expectedRevision: 1n }))).toMatchObject({
      expectedVersion: 1n,
      actualVersion: 2n,
    });
    expect(await rejection(append(uniqueStream(), numbered(1), { expectedRevision: 0n }))).toMatchObject({
      expectedVersion: 0n,
      actualVersion: 'no_stream',
    });
  });

  it('accepts stream_exists only once the stream has events', async () => {
    const stream = uniqueStream();
    expect(await rejection(append(stream, numbered(1), { expectedRevision: STREAM_EXISTS }))).toMatchObject({
      expectedVersion: STREAM_EXISTS,
      actualVersion: 'no_stream',
    });
    await append(stream, numbered(1), { expectedRevision: ANY });
    expect(await append(stream, numbered(1), { expectedRevision: STREAM_EXISTS })).toMatchObject({
      nextExpectedRevision: 1n,
    });
  });

  it('treats a retry with the same event ids after the same expected revision as already done', async () => {
    const stream = uniqueStream();
    const events = numbered(2);
    const first = await append(stream, events, { expectedRevision: NO_STREAM });
    expect(await append(stream, events, { expectedRevision: NO_STREAM })).toEqual(first);
    const next = numbered(1);
    const second = await append(stream, next, { expectedRevision: 1n });
    expect(await append(stream, next, { expectedRevision: 1n })).toEqual(second);
    expect(await append(stream, next, { expectedRevision: ANY })).toEqual(second);
    expect(await revisionsOf(stream)).toEqual([0n, 1n, 2n]);
  });

  it('gives every append a later position than the one before, across streams', async () => {
    const positions = [];
    for (const stream of [uniqueStream(), uniqueStream(), uniqueStream()]) {
      positions.push((await append(stream, numbered(2))).position!.commit);
    }
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(new Set(positions).size).toBe(3);
  });
});

describe('Streams.BatchAppend', () => {
  const connected = connectedServer();

  it('reassembles an append the client splits into several chunks', async () => {
    const stream = uniqueStream();
    const events = Array.from({ length: 30 }, (_, n) => anEvent('Chunked', { n, padding: 'x'.repeat(100) }));
    await connected.client.appendToStream(stream, events, { batchAppendSize: 512 });
    const read = await drain(connected.client.readStream(stream));
    expect(read.map((resolved) => (resolved.event?.data as { n: number }).n)).toEqual(
      events.map((_, n) => n),
    );
  });

  it('answers each of many concurrent appends on the one shared stream', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(1));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        connected.client.appendToStream(stream, numbered(1), { expectedRevision: 0n }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(rejected.every((outcome) => outcome.reason instanceof WrongExpectedVersionError)).toBe(true);
  });
});

describe('the maximum append size', () => {
  const connected = connectedServer({ maxAppendSize: 1000 });

  it.each(paths)(
    'refuses a larger append through Streams.%s and writes none of it',
    async (_path, through) => {
      const stream = uniqueStream();
      const events = [anEvent('Big', { text: 'x'.repeat(600) }), anEvent('Big', { text: 'y'.repeat(600) })];
      const error = await rejection(connected.client.appendToStream(stream, events, through));
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1000 });
      await expect(drain(connected.client.readStream(stream))).rejects.toThrow(/not found/);
      await connected.client.appendToStream(stream, events.slice(0, 1), through);
    },
  );
});

describe('EVENTSTORE_MAX_APPEND_SIZE', () => {
  const previous = process.env.EVENTSTORE_MAX_APPEND_SIZE;
  beforeAll(() => {
    process.env.EVENTSTORE_MAX_APPEND_SIZE = '2048';
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.EVENTSTORE_MAX_APPEND_SIZE;
    else process.env.EVENTSTORE_MAX_APPEND_SIZE = previous;
  });
  const connected = connectedServer();

  it('sets the limit when no option gives one', async () => {
    const event = anEvent('Big', { text: 'x'.repeat(3000) });
    expect(await rejection(connected.client.appendToStream(uniqueStream(), event))).toMatchObject({
      maxAppendSize: 2048,
    });
  });
});
