import { hash, randomUUID } from 'node:crypto';

/** The variant nibble of an RFC 9562 UUID (10xx) for each hex digit of a hash. */
const VARIANT = '89ab89ab89ab89ab';

/** A name-based UUID (version 5 layout, SHA-1) of `parts`: the same parts always give the same id. */
export function uuidFrom(...parts: string[]): string {
  // The one-shot hash: no Hash object per id.
  const hex = hash('sha1', parts.join('\u0000'), 'hex');
  const variant = VARIANT[parseInt(hex[16], 16)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A version 7 UUID: 48 bits of Unix milliseconds, then random bits, so that ids made later sort later. */
export function timeOrderedUuid(now = Date.now()): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx
  const time = now.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/**
 * The command id: derived from the Idempotency-Key and the actor (so a retry is the same command, and one
 * officer's key never answers another's request), else random and time-ordered (see eventIdFor).
 */
export const commandIdFor = (idempotencyKey?: string, actor = ''): string =>
  idempotencyKey === undefined ? timeOrderedUuid() : uuidFrom('asn:command', actor, idempotencyKey);

/**
 * The id of the index-th event of a command (deterministic, so a re-append of a retry is recognisable).
 * The events of a time-ordered command id keep its time prefix (a version 8 UUID: the prefix, then the
 * name-based hash), so the event store's unique index on ids grows at its end: with random ids every
 * event of a commit dirtied its own index page, 53 pages written to the WAL per 30-event commit against
 * 17 with ordered ids (a 60,000-event table on SQLite).
 */
export function eventIdFor(commandId: string, index: number): string {
  const derived = uuidFrom('asn:event', commandId, String(index));
  if (commandId[14] !== '7') return derived;
  return `${commandId.slice(0, 13)}-8${derived.slice(15)}`;
}

/** The id of the decree a `POST /decrees` (or a shortcut) issues. */
export const decreeIdFor = (commandId: string): string => uuidFrom('asn:decree', commandId);

/** sha256 of a canonical JSON encoding (sorted keys), to recognise the same request body. */
export function fingerprint(value: unknown): string {
  return hash('sha256', canonical(value), 'base64url');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
