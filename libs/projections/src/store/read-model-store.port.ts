import type { ReadModelWrite } from '../write';

/** DI token of the read-model store chosen from configuration. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

/** The commit happens only while each guard key holds its value (the lease token, the alias). */
export interface CommitGuard {
  key: string;
  value: string;
}

/** The batch was written for a checkpoint the store no longer holds (a batch before it failed or raced). */
export class CheckpointMovedError extends Error {
  constructor(expected: string) {
    super(`the read models are no longer at checkpoint ${expected}; resuming from the stored checkpoint`);
    this.name = 'CheckpointMovedError';
  }
}

export interface StampedRead {
  key: string;
  field: string;
  /** The stamp of the caller's copy; null when it has none. */
  known: string | null;
}

export interface StampedHash {
  stamp: string | null;
  hash: Record<string, string> | null;
}

export interface GrownHash {
  fields: number;
  hash: Record<string, string> | null;
}

export interface CommitBatch {
  guards: CommitGuard[];
  /**
   * The checkpoint the batch follows: it is written only if the store still holds it (a missing field counts
   * as "0"), so batches sent back to back can never land out of order or leave a gap.
   */
  follows?: { key: string; field: string; value: string };
  /** Data and checkpoint writes, applied in one transaction. */
  writes: ReadModelWrite[];
  /** Published after the writes, in the same transaction (live dashboards). */
  publish?: { channel: string; message: string };
  /**
   * More writes, encoded already as Redis commands by the thread that projected them (`encodeCommands`);
   * applied after `writes`, in the same transaction. Only for a store that `takesEncodedCommands`, and never
   * with `publish`.
   */
  encoded?: EncodedCommands;
}

/** Whole Redis commands in RESP, back to back, and how many. */
export interface EncodedCommands {
  readonly bytes: Uint8Array;
  readonly count: number;
}

/**
 * The read-model store: the few Redis operations the read side needs, so Redis and the in-process store
 * are interchangeable. Reads take many keys at once (one round trip); `commit` is atomic.
 */
export interface ReadModelStore {
  readonly kind: 'memory' | 'redis';
  /** The store applies `CommitBatch.encoded` (the Redis store on its own commit connection). */
  readonly takesEncodedCommands?: boolean;
  /**
   * Applies the writes atomically if every guard holds; false (and nothing written) otherwise. Throws
   * CheckpointMovedError (nothing written) when `follows` does not hold.
   */
  commit(batch: CommitBatch): Promise<boolean>;
  get(keys: string[]): Promise<(string | null)[]>;
  hgetall(keys: string[]): Promise<Record<string, string>[]>;
  hget(key: string, field: string): Promise<string | null>;
  hmget(key: string, fields: string[]): Promise<(string | null)[]>;
  smembers(keys: string[]): Promise<string[][]>;
  /** Members of a score-0 sorted set after `after` (exclusive; '' for the start), in byte order. */
  zrangeAfter(key: string, after: string, limit: number): Promise<string[]>;
  /**
   * Members of each sorted set scored strictly above its `above` (ZRANGEBYSCORE (above +inf), in one round
   * trip.
   */
  zrangeAbove(requests: { key: string; above: number }[]): Promise<string[][]>;
  /**
   * HGETALL of each key whose stamp (field `field` of the hash `stampsKey`) is not `known`: `hash` is null
   * when the stamp still equals `known` (the caller's copy is current). One round trip.
   */
  hgetallIfChanged(stampsKey: string, requests: StampedRead[]): Promise<StampedHash[]>;
  /**
   * HGETALL of each hash whose field count is not `known`, for hashes whose fields are only ever added (the
   * same count is the same content): `hash` is null when the count still equals `known`. One round trip.
   */
  hgetallIfGrown(requests: { key: string; known: number | null }[]): Promise<GrownHash[]>;
  /** SET NX with a time to live: true when this call took the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Extends the time to live if the key still holds `value`. */
  renewIfEqual(key: string, value: string, ttlMs: number): Promise<boolean>;
  deleteIfEqual(key: string, value: string): Promise<boolean>;
  set(key: string, value: string): Promise<void>;
  del(keys: string[]): Promise<void>;
  /** Deletes every key that starts with `prefix`; returns how many. */
  dropPrefix(prefix: string): Promise<number>;
  /** Every key under `prefix` with its value in a comparable form (tests compare two versions). */
  dump(prefix: string): Promise<Map<string, unknown>>;
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /** True when the store answers (readiness probe). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
