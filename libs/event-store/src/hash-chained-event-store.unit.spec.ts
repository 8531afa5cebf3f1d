import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from './errors';
import type { EventToAppend } from './event-store.port';
import { GENESIS_HASH, verifyChain } from './hash-chain';
import { HashChainedEventStore } from './hash-chained-event-store';
import { MemoryEventStore } from './memory/memory-event-store';

describe('HashChainedEventStore', () => {
  it('chains every appended event to the one before it in its stream', async () => {
    const store = new HashChainedEventStore(new MemoryEventStore());
    await store.append('s', [anEvent(), anEvent()], 'no_stream');
    await store.append('s', [anEvent()], 1);
    const [first, second, third] = await store.readStream('s');
    expect(first.metadata.prevHash).toBe(GENESIS_HASH);
    expect(second.metadata.prevHash).toBe(first.metadata.hash);
    expect(third.metadata.prevHash).toBe(second.metadata.hash);
    expect(verifyChain([first, second, third])).toBeNull();
  });

  it('replaces hash fields that the caller supplied', async () => {
    const store = new HashChainedEventStore(new MemoryEventStore());
    const forged = anEvent();
    forged.metadata.prevHash = 'f'.repeat(64);
    forged.metadata.hash = 'f'.repeat(64);
    await store.append('s', [forged], 'no_stream');
    expect(verifyChain(await store.readAll())).toBeNull();
  });

  it('keeps the chain when another writer appended to the stream in between', async () => {
    const shared = new MemoryEventStore();
    const [one, other] = [new HashChainedEventStore(shared), new HashChainedEventStore(shared)];
    await one.append('s', [anEvent()], 'no_stream');
    await other.append('s', [anEvent()], 0);
    await one.append('s', [anEvent()], 1);
    await other.append('s', [anEvent()], 'any');
    await one.append('s', [anEvent()], 'any');
    expect(await shared.readStream('s')).toHaveLength(5);
    expect(verifyChain(await shared.readAll())).toBeNull();
  });

  it('keeps the chain under concurrent any appends from two writers', async () => {
    const shared = new MemoryEventStore();
    const writers = [new HashChainedEventStore(shared), new HashChainedEventStore(shared)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => writers[i % 2].append('s', [anEvent()], 'any')));
    expect(await shared.readStream('s')).toHaveLength(20);
    expect(verifyChain(await shared.readAll())).toBeNull();
  });

  it('answers a retry with the original result and chains the next append onto what is stored', async () => {
    const shared = new MemoryEventStore();
    const store = new HashChainedEventStore(shared);
    const events = [anEvent(), anEvent()];
    const first = await store.append('s', events, 'no_stream');
    const retried = events.map((e) => ({ ...e, metadata: { ...e.metadata, recordedAt: 'later' } }));
    expect(await store.append('s', retried, 'no_stream')).toEqual(first);
    expect(await new HashChainedEventStore(shared).append('s', retried, 'no_stream')).toEqual(first);
    expect(await store.append('s', retried, 'any')).toEqual(first);
    await store.append('s', [anEvent()], 1);
    expect(await shared.readStream('s')).toHaveLength(3);
    expect(verifyChain(await shared.readAll())).toBeNull();
  });

  it('passes a ConcurrencyError through and recovers on the next append', async () => {
    const store = new HashChainedEventStore(new MemoryEventStore());
    await store.append('s', [anEvent()], 'no_stream');
    await expect(store.append('s', [anEvent()], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append('s', [anEvent()], 0);
    expect(verifyChain(await store.readAll())).toBeNull();
  });
});

function anEvent(): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'Tested',
    data: { id },
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
