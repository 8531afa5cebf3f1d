import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError, jsonEvent } from '@eventstore/db-client';
import { anEvent, connectedServer, drain, numbered, rejection, uniqueStream } from './spec-helpers';

const numbersOf = (read: { event?: { data: unknown } }[]) =>
  read.map((resolved) => (resolved.event?.data as { n: number }).n);

describe('Streams.Read on a stream', () => {
  const connected = connectedServer();
  let stream: string;
  beforeAll(async () => {
    stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(5));
  });

  it('reads forwards from the start, from a revision (inclusive) and up to a count', async () => {
    expect(numbersOf(await drain(connected.client.readStream(stream)))).toEqual([0, 1, 2, 3, 4]);
    expect(
      numbersOf(await drain(connected.client.readStream(stream, { fromRevision: 2n, maxCount: 2 }))),
    ).toEqual([2, 3]);
    expect(numbersOf(await drain(connected.client.readStream(stream, { fromRevision: END })))).toEqual([]);
  });

  it('reads backwards from the end or from a revision (inclusive)', async () => {
    const backwards = { direction: BACKWARDS, fromRevision: END } as const;
    expect(numbersOf(await drain(connected.client.readStream(stream, backwards)))).toEqual([4, 3, 2, 1, 0]);
    expect(
      numbersOf(await drain(connected.client.readStream(stream, { ...backwards, maxCount: 1 }))),
    ).toEqual([4]);
    const fromTwo = { direction: BACKWARDS, fromRevision: 2n } as const;
    expect(numbersOf(await drain(connected.client.readStream(stream, fromTwo)))).toEqual([2, 1, 0]);
  });

  it('answers an unknown stream with stream-not-found, in both directions', async () => {
    const missing = uniqueStream('missing');
    const forwards = await rejection(drain(connected.client.readStream(missing)));
    expect(forwards).toBeInstanceOf(StreamNotFoundError);
    expect(forwards).toMatchObject({ streamName: missing });
    const backwards = { direction: BACKWARDS, fromRevision: END } as const;
    expect(await rejection(drain(connected.client.readStream(missing, backwards)))).toBeInstanceOf(
      StreamNotFoundError,
    );
  });

  it('returns what was written: id, type, JSON data and metadata, revision, position and creation time', async () => {
    const written = jsonEvent({
      type: 'Described',
      data: { text: 'Dinas ✓', list: [1, 2] },
      metadata: { actor: 'x' },
    });
    const target = uniqueStream();
    const before = Date.now();
    const result = await connected.client.appendToStream(target, written);
    const [{ event }] = await drain(connected.client.readStream(target));
    expect(event).toMatchObject({
      id: written.id,
      type: 'Described',
      streamId: target,
      revision: 0n,
      isJson: true,
      data: { text: 'Dinas ✓', list: [1, 2] },
      metadata: { actor: 'x' },
      position: result.position,
    });
    expect(event!.created.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(event!.created.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps binary events as bytes', async () => {
    const target = uniqueStream();
    const bytes = Uint8Array.from([0, 1, 254, 255]);
    await connected.client.appendToStream(target, {
      id: randomUUID(),
      type: 'Bin',
      contentType: 'application/octet-stream',
      data: bytes,
      metadata: undefined,
    });
    const [{ event }] = await drain(connected.client.readStream(target));
    expect(event?.isJson).toBe(false);
    expect(Buffer.from(event!.data as Uint8Array)).toEqual(Buffer.from(bytes));
  });

  it('applies $maxCount and $tb from the stream metadata on reads', async () => {
    const target = uniqueStream();
    await connected.client.appendToStream(target, numbered(5));
    await connected.client.setStreamMetadata(target, { maxCount: 3 });
    expect(numbersOf(await drain(connected.client.readStream(target)))).toEqual([2, 3, 4]);
    await connected.client.setStreamMetadata(target, { truncateBefore: 4 });
    expect(numbersOf(await drain(connected.client.readStream(target)))).toEqual([4]);
    expect((await connected.client.getStreamMetadata(target)).metadata).toEqual({ truncateBefore: 4 });
  });

  it('resolves $> links to the event they point at when asked', async () => {
    const target = uniqueStream('target');
    const links = uniqueStream('links');
    await connected.client.appendToStream(target, numbered(2));
    const link = (data: string) => ({
      id: randomUUID(),
      type: '$>',
      contentType: 'application/octet-stream' as const,
      data: Buffer.from(data),
      metadata: undefined,
    });
    await connected.client.appendToStream(links, [link(`1@${target}`), link(`7@${target}`)]);
    const resolved = await drain(connected.client.readStream(links, { resolveLinkTos: true }));
    expect(resolved[0].event).toMatchObject({ streamId: target, revision: 1n, data: { n: 1 } });
    expect(resolved[0].link).toMatchObject({ streamId: links, revision: 0n, type: '$>' });
    expect(resolved[1].event).toBeUndefined();
    expect(resolved[1].link).toMatchObject({ revision: 1n });
    const unresolved = await drain(connected.client.readStream(links));
    expect(unresolved.map((r) => [r.event?.type, r.link])).toEqual([
      ['$>', undefined],
      ['$>', undefined],
    ]);
  });
});

describe('Streams.Read on $all', () => {
  const connected = connectedServer();

  it('starts with the system events of a fresh node', async () => {
    const all = await drain(connected.client.readAll());
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.every((resolved) => resolved.event!.streamId.startsWith('$'))).toBe(true);
    expect(all.map((resolved) => resolved.event!.streamId)).toContain('$users');
  });

  it('keeps the global order across streams with increasing positions', async () => {
    const [a, b] = [uniqueStream('a'), uniqueStream('b')];
    await connected.client.appendToStream(a, numbered(1, 0));
    await connected.client.appendToStream(b, numbered(1, 1));
    await connected.client.appendToStream(a, numbered(1, 2));
    const ours = (await drain(connected.client.readAll())).filter((r) => [a, b].includes(r.event!.streamId));
    expect(numbersOf(ours)).toEqual([0, 1, 2]);
    const commits = ours.map((r) => r.event!.position.commit);
    expect(commits[0] < commits[1] && commits[1] < commits[2]).toBe(true);
    expect(ours.every((r) => r.commitPosition === r.event!.position.commit)).toBe(true);
  });

  it('reads forwards from a position including it, backwards from a position excluding it', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(3));
    const [, second] = await drain(connected.client.readStream(stream));
    const fromSecond = { fromPosition: second.event!.position, maxCount: 2 };
    expect(numbersOf(await drain(connected.client.readAll({ ...fromSecond, direction: FORWARDS })))).toEqual([
      1, 2,
    ]);
    expect(
      numbersOf(await drain(connected.client.readAll({ ...fromSecond, direction: BACKWARDS, maxCount: 1 }))),
    ).toEqual([0]);
  });

  it('reads backwards from the end, newest first', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(2));
    const newest = await drain(
      connected.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 }),
    );
    expect(numbersOf(newest)).toEqual([1, 0]);
    expect(await drain(connected.client.readAll({ direction: BACKWARDS, fromPosition: START }))).toEqual([]);
  });

  it('includes events of deleted streams (no scavenge here)', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, [anEvent('Kept')]);
    await connected.client.deleteStream(stream);
    const all = await drain(connected.client.readAll());
    expect(all.filter((r) => r.event!.streamId === stream).map((r) => r.event!.type)).toEqual(['Kept']);
  });
});
