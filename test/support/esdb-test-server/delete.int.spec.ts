import {
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { connectedServer, drain, numbered, rejection, uniqueStream } from './spec-helpers';

const revisionsOf = (read: { event?: { revision: bigint } }[]) =>
  read.map((resolved) => resolved.event?.revision);

describe('Streams.Delete (soft delete)', () => {
  const connected = connectedServer();

  it('makes the stream read as not found and returns the position of the deletion', async () => {
    const stream = uniqueStream();
    const appended = await connected.client.appendToStream(stream, numbered(2));
    const { position } = await connected.client.deleteStream(stream, { expectedRevision: 1n });
    expect(position!.commit).toBeGreaterThan(appended.position!.commit);
    expect(await rejection(drain(connected.client.readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
  });

  it.each([
    ['any', {}],
    ['no_stream', { expectedRevision: NO_STREAM }],
    ['the last revision', { expectedRevision: 1n }],
  ] as const)(
    'lets an append with %s recreate the stream, revisions going on from the deleted ones',
    async (_, options) => {
      const stream = uniqueStream();
      await connected.client.appendToStream(stream, numbered(2));
      await connected.client.deleteStream(stream);
      const result = await connected.client.appendToStream(stream, numbered(1, 2), options);
      expect(result.nextExpectedRevision).toBe(2n);
      expect(revisionsOf(await drain(connected.client.readStream(stream)))).toEqual([2n]);
    },
  );

  it('lets a stream deleted before it ever existed be created afterwards', async () => {
    const stream = uniqueStream();
    await connected.client.deleteStream(stream);
    await connected.client.appendToStream(stream, numbered(1), { expectedRevision: NO_STREAM });
    expect(revisionsOf(await drain(connected.client.readStream(stream)))).toEqual([0n]);
  });

  it('refuses a wrong expected revision with the stream, expected and actual versions', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(2));
    const error = await rejection(connected.client.deleteStream(stream, { expectedRevision: 0n }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 0n, actualVersion: 1n });
    const missing = uniqueStream();
    expect(await rejection(connected.client.deleteStream(missing, { expectedRevision: 3n }))).toMatchObject({
      streamName: missing,
      expectedVersion: 3n,
      actualVersion: 'no_stream',
    });
  });

  it('records the deletion as $tb in the stream metadata, keeping the other settings', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(2));
    await connected.client.setStreamMetadata(stream, { maxCount: 10 });
    await connected.client.deleteStream(stream);
    const { metadata } = await connected.client.getStreamMetadata(stream);
    expect(metadata?.maxCount).toBe(10);
    expect(metadata?.truncateBefore).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    await connected.client.appendToStream(stream, numbered(1));
    expect((await connected.client.getStreamMetadata(stream)).metadata).toEqual({
      maxCount: 10,
      truncateBefore: 2,
    });
  });
});

describe('Streams.Tombstone (hard delete)', () => {
  const connected = connectedServer();
  const credentials = { username: 'admin', password: 'changeit' };

  it('deletes a stream for good: reads, appends through both paths and deletes get stream-deleted', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(1));
    await connected.client.tombstoneStream(stream, { expectedRevision: 0n });
    const failures = [
      await rejection(drain(connected.client.readStream(stream))),
      await rejection(connected.client.appendToStream(stream, numbered(1))),
      await rejection(connected.client.appendToStream(stream, numbered(1), { credentials })),
      await rejection(connected.client.deleteStream(stream)),
      await rejection(connected.client.tombstoneStream(stream)),
    ];
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(StreamDeletedError);
      expect(failure).toMatchObject({ streamName: stream });
    }
  });

  it('writes a $streamDeleted record to $all', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(1));
    const { position } = await connected.client.tombstoneStream(stream);
    const all = await drain(connected.client.readAll({ fromPosition: position }));
    expect(all[0].event).toMatchObject({ streamId: stream, type: '$streamDeleted', position });
  });

  it('checks the expected revision first', async () => {
    const stream = uniqueStream();
    await connected.client.appendToStream(stream, numbered(1));
    expect(
      await rejection(connected.client.tombstoneStream(stream, { expectedRevision: NO_STREAM })),
    ).toMatchObject({
      expectedVersion: -1n,
      actualVersion: 0n,
    });
    expect(revisionsOf(await drain(connected.client.readStream(stream)))).toEqual([0n]);
  });
});
