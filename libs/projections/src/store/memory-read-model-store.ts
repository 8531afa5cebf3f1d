import type { ReadModelWrite } from '../write';
import {
  CheckpointMovedError,
  type CommitBatch,
  type ReadModelStore,
  type StampedHash,
  type GrownHash,
  type StampedRead,
} from './read-model-store.port';

type Value =
  | { t: 'string'; v: string }
  | { t: 'hash'; v: Map<string, string> }
  | { t: 'set'; v: Set<string> }
  | { t: 'zset'; v: Map<string, number> };

/** The embedded read-model store (REDIS_URL unset): Redis semantics over Maps, in process memory. */
export class MemoryReadModelStore implements ReadModelStore {
  readonly kind = 'memory' as const;
  private readonly data = new Map<string, Value>();
  private readonly expiry = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(message: string) => void>>();

  async commit(batch: CommitBatch): Promise<boolean> {
    if (batch.encoded) throw new Error('the memory store takes writes, not encoded commands');
    for (const guard of batch.guards) if (this.str(guard.key) !== guard.value) return false;
    if (batch.follows) {
      const { key, field, value } = batch.follows;
      if (((await this.hget(key, field)) ?? '0') !== value) throw new CheckpointMovedError(value);
    }
    for (const write of batch.writes) this.apply(write);
    if (batch.publish) {
      const { channel, message } = batch.publish;
      for (const listener of this.listeners.get(channel) ?? []) queueMicrotask(() => listener(message));
    }
    return true;
  }

  async get(keys: string[]): Promise<(string | null)[]> {
    return keys.map((key) => this.str(key));
  }

  async hgetall(keys: string[]): Promise<Record<string, string>[]> {
    return keys.map((key) => {
      const value = this.live(key);
      return value?.t === 'hash' ? Object.fromEntries(value.v) : {};
    });
  }

  async hget(key: string, field: string): Promise<string | null> {
    const value = this.live(key);
    return value?.t === 'hash' ? (value.v.get(field) ?? null) : null;
  }

  async hmget(key: string, fields: string[]): Promise<(string | null)[]> {
    const value = this.live(key);
    return fields.map((field) => (value?.t === 'hash' ? (value.v.get(field) ?? null) : null));
  }

  async smembers(keys: string[]): Promise<string[][]> {
    return keys.map((key) => {
      const value = this.live(key);
      return value?.t === 'set' ? [...value.v] : [];
    });
  }

  async zrangeAfter(key: string, after: string, limit: number): Promise<string[]> {
    const value = this.live(key);
    if (value?.t !== 'zset') return [];
    const members = [...value.v.keys()].filter((m) => m > after);
    return members.sort(byBytes).slice(0, limit);
  }

  async hgetallIfChanged(stampsKey: string, requests: StampedRead[]): Promise<StampedHash[]> {
    const stamps = this.live(stampsKey);
    return requests.map(({ key, field, known }) => {
      const stamp = stamps?.t === 'hash' ? (stamps.v.get(field) ?? null) : null;
      if (stamp !== null && stamp === known) return { stamp, hash: null };
      const value = this.live(key);
      return { stamp, hash: value?.t === 'hash' ? Object.fromEntries(value.v) : {} };
    });
  }

  async hgetallIfGrown(requests: { key: string; known: number | null }[]): Promise<GrownHash[]> {
    return requests.map(({ key, known }) => {
      const value = this.live(key);
      const hash = value?.t === 'hash' ? value.v : new Map<string, string>();
      return { fields: hash.size, hash: hash.size === known ? null : Object.fromEntries(hash) };
    });
  }

  async zrangeAbove(requests: { key: string; above: number }[]): Promise<string[][]> {
    return requests.map(({ key, above }) => {
      const value = this.live(key);
      if (value?.t !== 'zset') return [];
      return [...value.v]
        .filter(([, score]) => score > above)
        .sort(([a, sa], [b, sb]) => sa - sb || byBytes(a, b))
        .map(([member]) => member);
    });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.data.set(key, { t: 'string', v: value });
    this.expiry.set(key, Date.now() + ttlMs);
    return true;
  }

  async renewIfEqual(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.str(key) !== value) return false;
    this.expiry.set(key, Date.now() + ttlMs);
    return true;
  }

  async deleteIfEqual(key: string, value: string): Promise<boolean> {
    if (this.str(key) !== value) return false;
    this.remove(key);
    return true;
  }

  async set(key: string, value: string): Promise<void> {
    this.remove(key);
    this.data.set(key, { t: 'string', v: value });
  }

  async del(keys: string[]): Promise<void> {
    for (const key of keys) this.remove(key);
  }

  async dropPrefix(prefix: string): Promise<number> {
    let dropped = 0;
    for (const key of [...this.data.keys()]) {
      if (key.startsWith(prefix)) {
        this.remove(key);
        dropped++;
      }
    }
    return dropped;
  }

  async dump(prefix: string): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (const key of [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort()) {
      const value = this.live(key)!;
      out.set(key.slice(prefix.length), comparable(value));
    }
    return out;
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return async () => {
      set.delete(listener);
    };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private apply(write: ReadModelWrite): void {
    switch (write.op) {
      case 'set':
        this.remove(write.key);
        this.data.set(flat(write.key), { t: 'string', v: flat(write.value) });
        break;
      case 'hset':
        this.container(write.key, 'hash', () => new Map<string, string>()).set(
          flat(write.field),
          flat(write.value),
        );
        break;
      case 'sadd':
        this.container(write.key, 'set', () => new Set<string>()).add(flat(write.member));
        break;
      case 'zadd':
        this.container(write.key, 'zset', () => new Map<string, number>()).set(
          flat(write.member),
          write.score,
        );
        break;
      case 'zrem': {
        const value = this.live(write.key);
        if (value?.t === 'zset') {
          value.v.delete(write.member);
          if (value.v.size === 0) this.remove(write.key);
        }
        break;
      }
    }
  }

  private container(key: string, t: 'hash', create: () => Map<string, string>): Map<string, string>;
  private container(key: string, t: 'set', create: () => Set<string>): Set<string>;
  private container(key: string, t: 'zset', create: () => Map<string, number>): Map<string, number>;
  private container(key: string, t: Value['t'], create: () => Value['v']): Value['v'] {
    const existing = this.live(key);
    if (existing) {
      if (existing.t !== t) throw new Error(`WRONGTYPE: ${key} holds a ${existing.t}, not a ${t}`);
      return existing.v;
    }
    const v = create();
    this.data.set(flat(key), { t, v } as Value);
    return v;
  }

  private live(key: string): Value | undefined {
    const expires = this.expiry.get(key);
    if (expires !== undefined && expires <= Date.now()) this.remove(key);
    return this.data.get(key);
  }

  private str(key: string): string | null {
    const value = this.live(key);
    return value?.t === 'string' ? value.v : null;
  }

  private remove(key: string): void {
    this.data.delete(key);
    this.expiry.delete(key);
  }
}

/**
 * The same string, made flat for V8: keys and values built with `+` or template literals are ropes (a tree of
 * cons strings, one heap object per piece) until something reads their characters, and the store keeps
 * hundreds of thousands of them for the life of the process. Every full GC marks each piece again: a map of
 * 500,000 such keys and values took 177 MB and a 198–278 ms full GC as ropes, 72 MB and ~30 ms flattened
 * (reading one character makes V8 flatten a rope in place; a flat string is unchanged, ~10 ns).
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** A value in a form two stores' dumps can be compared in (sets and hashes sorted). */
export function comparable(value: Value): unknown {
  switch (value.t) {
    case 'string':
      return value.v;
    case 'hash':
      return Object.fromEntries([...value.v.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    case 'set':
      return [...value.v].sort();
    case 'zset':
      return [...value.v.entries()].sort(([a], [b]) => byBytes(a, b));
  }
}
