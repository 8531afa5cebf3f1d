import { ChainHeads } from './chain-heads';
import { ConcurrencyError } from './errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';
import { GENESIS_HASH, canonicalEncoding, chainHash } from './hash-chain';
import { PerKeyQueue } from './per-key-queue';

/** How often an `any` append re-reads the stream's end after another process appended first. */
const ANY_ATTEMPTS = 20;

/**
 * Wraps an event store so that every appended event carries `metadata.prevHash` and `metadata.hash`
 * (hash-chain.ts). Appends to one stream pass one at a time, so the cached chain head is the one
 * this process wrote last; another writer shows up as a ConcurrencyError and a re-read.
 * An adapter that can chain where it writes (`chainHashes`, the SQLite store) is asked to, and its
 * appends then pass straight through.
 */
export class HashChainedEventStore implements EventStore {
  private readonly heads: ChainHeads;
  private readonly queue = new PerKeyQueue();
  /** True when the inner store chains its appends itself. */
  private readonly delegated: boolean;

  constructor(
    private readonly inner: EventStore,
    cachedStreams?: number,
  ) {
    this.heads = new ChainHeads(cachedStreams);
    this.delegated = inner.chainHashes?.() === true;
  }

  append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.delegated) return this.inner.append(stream, events, expected);
    return this.queue.run(stream, () =>
      expected === 'any' ? this.appendAtEnd(stream, events) : this.appendAfter(stream, events, expected),
    );
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  logFile(): string | undefined {
    return this.inner.logFile?.();
  }

  chainHashes(): boolean {
    return true;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** `any` becomes the revision just read, so that two writers cannot both chain onto the same event. */
  private async appendAtEnd(stream: string, events: EventToAppend[]): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const tail = await this.inner.readStream(stream, {
        direction: 'backwards',
        maxCount: Math.max(events.length, 1),
      });
      const last = tail[0];
      if (last) this.heads.set(stream, { revision: last.revision, hash: last.metadata.hash ?? GENESIS_HASH });
      // A retry of an append that already landed: let the store answer with the original result.
      const landed = sameIds(events, [...tail].reverse());
      const base = landed ? tail[tail.length - 1].revision - 1 : (last?.revision ?? -1);
      try {
        return await this.appendAfter(stream, events, base < 0 ? 'no_stream' : base);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt === ANY_ATTEMPTS) throw error;
      }
    }
  }

  private async appendAfter(
    stream: string,
    events: EventToAppend[],
    expected: 'no_stream' | number,
  ): Promise<AppendResult> {
    const base = expected === 'no_stream' ? -1 : expected;
    const { prevHash, stored } = await this.chainPoint(stream, base, events.length);
    const chained = chainFrom(stream, base + 1, prevHash, events);
    try {
      const result = await this.inner.append(stream, chained, expected);
      const head = headAfter(stored, events, chained);
      if (head === undefined) this.heads.forget(stream);
      else this.heads.set(stream, { revision: result.nextRevision, hash: head ?? prevHash });
      return result;
    } catch (error) {
      this.heads.forget(stream);
      throw error;
    }
  }

  /**
   * The hash at revision `base`, from the cache or else from the store. Reading from the store also
   * yields the events after `base`: when they are this append's own, the store treats it as a retry
   * and the stored hashes, not the recomputed ones, are the head. `stored` is undefined when nothing
   * was read after `base` (a new stream: no read needed for its genesis hash).
   */
  private async chainPoint(
    stream: string,
    base: number,
    count: number,
  ): Promise<{ prevHash: string; stored: RecordedEvent[] | undefined }> {
    const cached = this.heads.get(stream);
    if (cached?.revision === base) return { prevHash: cached.hash, stored: [] };
    if (base < 0) return { prevHash: GENESIS_HASH, stored: undefined };
    const read = await this.inner.readStream(stream, { fromRevision: base, maxCount: count + 1 });
    const atBase = read.find((event) => event.revision === base);
    return {
      prevHash: atBase?.metadata.hash ?? GENESIS_HASH,
      stored: read.filter((event) => event.revision > base),
    };
  }
}

/**
 * The stream's head hash after a successful append: the stored one for a recognised retry, else the
 * last one computed; null for an empty append (the head did not move); undefined when unknown.
 */
function headAfter(
  stored: RecordedEvent[] | undefined,
  events: EventToAppend[],
  chained: EventToAppend[],
): string | null | undefined {
  if (stored === undefined) return undefined;
  if (sameIds(events, stored)) return stored[stored.length - 1].metadata.hash;
  return chained.length === 0 ? null : chained[chained.length - 1].metadata.hash;
}

function chainFrom(
  stream: string,
  firstRevision: number,
  prevHash: string,
  events: EventToAppend[],
): EventToAppend[] {
  let previous = prevHash;
  return events.map((event, i) => {
    const { prevHash: _prevHash, hash: _hash, ...metadata } = event.metadata;
    const hash = chainHash(
      previous,
      canonicalEncoding({ ...event, metadata, stream, revision: firstRevision + i }),
    );
    const chained = { ...event, metadata: { ...metadata, prevHash: previous, hash } };
    previous = hash;
    return chained;
  });
}

function sameIds(events: EventToAppend[], stored: RecordedEvent[]): boolean {
  return (
    events.length > 0 &&
    stored.length === events.length &&
    stored.every((event, i) => event.id === events[i].id)
  );
}
