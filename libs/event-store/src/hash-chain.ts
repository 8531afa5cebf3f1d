import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store.port';

/** The prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers (the position is not one: it differs between stores). */
export type ChainedFields = Pick<RecordedEvent, 'stream' | 'revision' | 'id' | 'type' | 'data' | 'metadata'>;

/** Where a chain breaks: at `revision` of `stream`, `field` holds `actual` where `expected` was due. */
export interface ChainBreak {
  stream: string;
  revision: number;
  field: 'prevHash' | 'hash';
  expected: string;
  actual: string | null;
}

/**
 * JSON of {stream, revision, id, type, data, metadata} without the hash fields, with object keys
 * sorted by UTF-16 code units at every depth and no whitespace, so that any reader can recompute it.
 */
export function canonicalEncoding(event: ChainedFields): string {
  const { prevHash: _prevHash, hash: _hash, ...metadata } = event.metadata;
  const { stream, revision, id, type, data } = event;
  return encode({ stream, revision, id, type, data, metadata }) ?? 'null';
}

/** sha256, in hex, of the previous event's hash followed by this event's canonical encoding. */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * Recomputes the chain of every stream in `events` (each stream complete from revision 0, in order)
 * and returns the first break, or null. A modified event breaks its own hash; a deleted or moved
 * event breaks the next event's prevHash.
 */
export function verifyChain(events: Iterable<ChainedFields>): ChainBreak | null {
  const heads = new Map<string, string>();
  for (const event of events) {
    const { stream, revision, metadata } = event;
    const prevHash = heads.get(stream) ?? GENESIS_HASH;
    if (metadata.prevHash !== prevHash) {
      return { stream, revision, field: 'prevHash', expected: prevHash, actual: metadata.prevHash ?? null };
    }
    const hash = chainHash(prevHash, canonicalEncoding(event));
    if (metadata.hash !== hash)
      return { stream, revision, field: 'hash', expected: hash, actual: metadata.hash ?? null };
    heads.set(stream, hash);
  }
  return null;
}

/** JSON.stringify with sorted keys; undefined where JSON.stringify would leave the value out. */
function encode(value: unknown): string | undefined {
  const plain = hasToJSON(value) ? value.toJSON() : value;
  if (plain === null || typeof plain !== 'object') return JSON.stringify(plain);
  if (Array.isArray(plain)) {
    let out = '[';
    for (let i = 0; i < plain.length; i++) out += (i > 0 ? ',' : '') + (encode(plain[i]) ?? 'null');
    return out + ']';
  }
  const record = plain as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const encoded = encode(record[key]);
    if (encoded !== undefined) out += (out.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + encoded;
  }
  return out + '}';
}

function hasToJSON(value: unknown): value is { toJSON(): unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}
