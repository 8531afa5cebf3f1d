import type { ChainedFields, EventStore, Position } from '@asn/event-store';
import { GENESIS_HASH, canonicalEncoding, chainHash } from '@asn/event-store';
import { logEvents } from './read-pages';

/** Where the first chain breaks (API.md, `GET /audit/verify`). */
export interface FirstBreak {
  stream: string;
  revision: number;
  expected: string;
  actual: string | null;
}

export interface ChainHead {
  revision: number;
  hash: string;
}

/** The answer of `GET /audit/verify` and `npm run cli -- verify`. */
export interface VerifyReport {
  ok: boolean;
  events: number;
  streams: number;
  firstBreak?: FirstBreak;
}

/**
 * verifyChain (from @asn/event-store) one event at a time, so that a log of millions of events is
 * checked page by page in constant memory; the hashing itself is the event store's own.
 */
export class ChainVerifier {
  readonly heads = new Map<string, ChainHead>();
  events = 0;
  firstBreak?: FirstBreak;
  firstPosition?: Position;
  lastPosition?: Position;

  /** Checks the next event of the log; false once the chain has broken (later events are only counted). */
  push(event: ChainedFields & { position?: Position }): boolean {
    this.events += 1;
    if (event.position !== undefined) {
      this.firstPosition ??= event.position;
      this.lastPosition = event.position;
    }
    if (this.firstBreak) {
      if (!this.heads.has(event.stream)) this.heads.set(event.stream, { revision: -1, hash: '' });
      return false;
    }
    const { stream, revision, metadata } = event;
    const prevHash = this.heads.get(stream)?.hash ?? GENESIS_HASH;
    if (metadata.prevHash !== prevHash) {
      this.firstBreak = { stream, revision, expected: prevHash, actual: metadata.prevHash ?? null };
      return false;
    }
    const hash = chainHash(prevHash, canonicalEncoding(event));
    if (metadata.hash !== hash) {
      this.firstBreak = { stream, revision, expected: hash, actual: metadata.hash ?? null };
      return false;
    }
    this.heads.set(stream, { revision, hash });
    return true;
  }

  report(): VerifyReport {
    const report: VerifyReport = { ok: !this.firstBreak, events: this.events, streams: this.heads.size };
    if (this.firstBreak) report.firstBreak = this.firstBreak;
    return report;
  }
}

/** System streams of EventStoreDB (`$...`) are not the engine's and carry no chain. */
export const isChained = (stream: string): boolean => !stream.startsWith('$');

/** Recomputes every stream's chain over the whole global log and names the first break. */
export async function verifyStore(store: EventStore, pageSize?: number): Promise<VerifyReport> {
  const verifier = new ChainVerifier();
  for await (const event of logEvents(store, { pageSize })) {
    if (isChained(event.stream)) verifier.push(event);
  }
  return verifier.report();
}
