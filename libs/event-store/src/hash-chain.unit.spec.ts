import { createHash, randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from './event-store.port';
import { GENESIS_HASH, canonicalEncoding, chainHash, verifyChain } from './hash-chain';
import { HashChainedEventStore } from './hash-chained-event-store';
import { MemoryEventStore } from './memory/memory-event-store';

describe('canonicalEncoding', () => {
  const base = { stream: 's', revision: 0, id: 'e1', type: 'T' };
  const metadata = {
    eventId: 'e1',
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    actor: 'a',
    recordedAt: 't',
    schemaVersion: 1,
  };

  it('sorts keys at every depth and leaves out whitespace', () => {
    const encoded = canonicalEncoding({
      ...base,
      data: { b: 1, a: { d: [2, { y: 1, x: 2 }], c: null } },
      metadata,
    });
    expect(encoded).toBe(
      '{"data":{"a":{"c":null,"d":[2,{"x":2,"y":1}]},"b":1},"id":"e1","metadata":{"actor":"a","causationId":"c",' +
        '"commandId":"c","correlationId":"c","eventId":"e1","recordedAt":"t","schemaVersion":1},"revision":0,"stream":"s","type":"T"}',
    );
  });

  it('does not depend on key order, nor cover the hash fields', () => {
    const one = canonicalEncoding({ ...base, data: { a: 1, b: 2 }, metadata });
    const other = canonicalEncoding({
      ...base,
      data: { b: 2, a: 1 },
      metadata: { ...metadata, prevHash: GENESIS_HASH, hash: 'f'.repeat(64) },
    });
    expect(other).toBe(one);
  });

  it('encodes an event as it will read back from JSON storage (dates, undefined members)', () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    const written = canonicalEncoding({
      ...base,
      data: { when, gone: undefined, list: [undefined] },
      metadata,
    });
    const stored = JSON.parse(JSON.stringify({ when, gone: undefined, list: [undefined] }));
    expect(written).toBe(canonicalEncoding({ ...base, data: stored, metadata }));
  });

  it('covers revision and stream, so that a moved event changes its hash', () => {
    const event = { ...base, data: {}, metadata };
    expect(canonicalEncoding({ ...event, revision: 1 })).not.toBe(canonicalEncoding(event));
    expect(canonicalEncoding({ ...event, stream: 't' })).not.toBe(canonicalEncoding(event));
  });
});

describe('chainHash', () => {
  it('is the hex sha256 of the previous hash followed by the canonical encoding', () => {
    const expected = createHash('sha256').update(`${GENESIS_HASH}{"a":1}`).digest('hex');
    expect(chainHash(GENESIS_HASH, '{"a":1}')).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });
});

describe('verifyChain', () => {
  async function chainedLog(): Promise<RecordedEvent[]> {
    const store = new HashChainedEventStore(new MemoryEventStore());
    await store.append('staffing-1', [anEvent({ n: 0 }), anEvent({ n: 1 })], 'no_stream');
    await store.append('employee-1', [anEvent({ n: 0 })], 'no_stream');
    await store.append('staffing-1', [anEvent({ n: 2 })], 1);
    await store.append('staffing-1', [anEvent({ n: 3 })], 'any');
    await store.append('employee-1', [anEvent({ n: 1 })], 'any');
    return store.readAll();
  }

  const inStream = (events: RecordedEvent[], stream: string) => events.filter((e) => e.stream === stream);

  it('finds no break in an untouched log of several streams', async () => {
    expect(verifyChain(await chainedLog())).toBeNull();
  });

  it('names a modified event', async () => {
    const log = await chainedLog();
    const victim = inStream(log, 'staffing-1')[2];
    victim.data = { n: 99 };
    expect(verifyChain(log)).toMatchObject({
      stream: 'staffing-1',
      revision: 2,
      field: 'hash',
      actual: victim.metadata.hash,
    });
  });

  it('names the event after a modified event whose own hash was recomputed', async () => {
    const log = await chainedLog();
    const victim = inStream(log, 'staffing-1')[1];
    victim.data = { n: 99 };
    victim.metadata.hash = chainHash(victim.metadata.prevHash!, canonicalEncoding(victim));
    expect(verifyChain(log)).toMatchObject({ stream: 'staffing-1', revision: 2, field: 'prevHash' });
  });

  it('names the event after a deleted one', async () => {
    const log = await chainedLog();
    const deleted = inStream(log, 'staffing-1')[1];
    const break_ = verifyChain(log.filter((e) => e !== deleted));
    expect(break_).toMatchObject({
      stream: 'staffing-1',
      revision: 2,
      field: 'prevHash',
      expected: inStream(log, 'staffing-1')[0].metadata.hash,
    });
  });

  it('names a stream whose first event was deleted', async () => {
    const log = await chainedLog();
    const first = inStream(log, 'employee-1')[0];
    expect(verifyChain(log.filter((e) => e !== first))).toMatchObject({
      stream: 'employee-1',
      revision: 1,
      field: 'prevHash',
      expected: GENESIS_HASH,
    });
  });

  it('names reordered events', async () => {
    const log = inStream(await chainedLog(), 'staffing-1');
    [log[1], log[2]] = [log[2], log[1]];
    expect(verifyChain(log)).toMatchObject({ stream: 'staffing-1', revision: 2, field: 'prevHash' });
  });

  it('names an event without hash fields', async () => {
    const log = await chainedLog();
    delete inStream(log, 'employee-1')[1].metadata.hash;
    expect(verifyChain(log)).toMatchObject({
      stream: 'employee-1',
      revision: 1,
      field: 'hash',
      actual: null,
    });
  });
});

function anEvent(data: unknown): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'Tested',
    data,
    metadata: {
      eventId: id,
      commandId: id,
      correlationId: id,
      causationId: id,
      actor: 'test',
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}
