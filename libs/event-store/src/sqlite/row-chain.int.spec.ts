import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, EventToAppend } from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { HashChainedEventStore } from '../hash-chained-event-store';
import { MemoryEventStore } from '../memory/memory-event-store';
import { SqliteEventStore } from './sqlite-event-store';

/** The SQLite store chains in its commit (row-chain.ts): the same hashes as the decorator's, whoever appends. */
describe('SqliteEventStore chaining its own appends', () => {
  let dir: string;
  const open: EventStore[] = [];
  const sqlite = (name: string, appendOnWorker = true): SqliteEventStore => {
    const store = new SqliteEventStore(join(dir, name), { appendOnWorker });
    open.push(store);
    return store;
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'asn-row-chain-'))));
  afterEach(async () => {
    await Promise.all(open.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([true, false])('writes the hashes the decorator computes (append worker: %s)', async (onWorker) => {
    const inner = sqlite('events.sqlite', onWorker);
    const chained = new HashChainedEventStore(inner);
    const reference = new HashChainedEventStore(new MemoryEventStore());
    const appends: [string, EventToAppend[], 'no_stream' | number | 'any'][] = [
      ['s-1', [anEvent(1), anEvent(2)], 'no_stream'],
      ['s-2', [anEvent(3)], 'no_stream'],
      ['s-1', [anEvent(4)], 1],
      ['s-1', [anEvent(5), anEvent(6)], 'any'],
    ];
    for (const [stream, events, expected] of appends) {
      await chained.append(stream, events, expected);
      await reference.append(stream, events, expected);
    }
    const pick = (events: { id: string; metadata: { prevHash?: string; hash?: string } }[]) =>
      events.map(({ id, metadata }) => ({ id, prevHash: metadata.prevHash, hash: metadata.hash }));
    const stored = await inner.readAll();
    expect(pick(stored)).toEqual(pick(await reference.readAll()));
    expect(stored.every((event) => /^[0-9a-f]{64}$/.test(event.metadata.hash ?? ''))).toBe(true);
    expect(verifyChain(stored)).toBeNull();
  });

  it('keeps one chain when two stores (two processes) append to one file in turn', async () => {
    const [one, other] = [
      new HashChainedEventStore(sqlite('events.sqlite')),
      new HashChainedEventStore(sqlite('events.sqlite')),
    ];
    await one.append('s', [anEvent(1)], 'no_stream');
    await other.append('s', [anEvent(2)], 0);
    await one.append('s', [anEvent(3)], 1);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => [one, other][i % 2].append('s', [anEvent(10 + i)], 'any')),
    );
    const events = await one.readStream('s');
    expect(events).toHaveLength(13);
    expect(verifyChain(events)).toBeNull();
  });

  it('replaces given hash fields and answers a retry with the original result', async () => {
    const store = new HashChainedEventStore(sqlite('events.sqlite'));
    const forged = anEvent(1);
    forged.metadata.prevHash = 'f'.repeat(64);
    forged.metadata.hash = 'f'.repeat(64);
    const first = await store.append('s', [forged, anEvent(2)], 'no_stream');
    expect(await store.append('s', [forged, anEvent(2)], 'no_stream')).toEqual(first);
    await store.append('s', [anEvent(3)], 1);
    const events = await store.readAll();
    expect(events).toHaveLength(3);
    expect(events[0].metadata.hash).not.toBe('f'.repeat(64));
    expect(verifyChain(events)).toBeNull();
  });
});

function anEvent(n: number): EventToAppend {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    type: 'Tested',
    data: { n, nested: { z: 'ž', a: [1, { y: true, b: null }] } },
    metadata: {
      eventId: id,
      commandId: randomUUID(),
      correlationId: id,
      causationId: id,
      actor: 'test',
      recordedAt: '2026-11-28T00:00:00.000Z',
      schemaVersion: 1,
      decree: null,
    },
  };
}
