import type Database from 'better-sqlite3';

/** How one entry is written: `s` + JSON array for a Set, `j` + JSON for anything else. */
export function encodeEntry(value: unknown): string {
  return value instanceof Set ? `s${JSON.stringify([...value])}` : `j${JSON.stringify(value)}`;
}

export function decodeEntry(text: string): unknown {
  const value: unknown = JSON.parse(text.slice(1));
  return text[0] === 's' ? new Set(value as unknown[]) : value;
}

/** The prepared statements one lazy map reads through. */
export interface EntryQueries {
  get: Database.Statement<[string, string, string], string>;
  keys: Database.Statement<[string, string], string>;
}

/**
 * A Map whose entries live in the snapshot table and are read on first use, so that start-up costs
 * nothing per entry: a city's state after 10^7 events is gigabytes, of which a command touches a few
 * dozen entries. Every entry handed out (read, written or deleted) is remembered as touched, because
 * `evolve` mutates the records it gets; the next snapshot writes exactly those.
 */
export class LazyMap<V> extends Map<string, V> {
  readonly touched = new Set<string>();
  private readonly deleted = new Set<string>();
  private readonly absent = new Set<string>();

  constructor(
    private readonly queries: EntryQueries,
    private readonly stream: string,
    readonly name: string,
  ) {
    super();
  }

  override get(key: string): V | undefined {
    if (super.has(key)) {
      this.touched.add(key);
      return super.get(key);
    }
    if (this.deleted.has(key) || this.absent.has(key)) return undefined;
    const text = this.queries.get.get(this.stream, this.name, key);
    if (text === undefined) {
      this.absent.add(key);
      return undefined;
    }
    const value = decodeEntry(text) as V;
    super.set(key, value);
    this.touched.add(key);
    return value;
  }

  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  override set(key: string, value: V): this {
    this.deleted.delete(key);
    this.absent.delete(key);
    this.touched.add(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const had = this.has(key);
    super.delete(key);
    this.deleted.add(key);
    this.touched.add(key);
    return had;
  }

  override clear(): void {
    for (const key of [...this.keys()]) this.delete(key);
  }

  /** Every key: the stored ones (minus deleted) and the new ones. Iteration is for reports, not commands. */
  override *keys(): MapIterator<string> {
    const stored = new Set<string>();
    for (const key of this.queries.keys.iterate(this.stream, this.name)) {
      stored.add(key);
      if (!this.deleted.has(key)) yield key;
    }
    for (const key of super.keys()) if (!stored.has(key)) yield key;
  }

  override *entries(): MapIterator<[string, V]> {
    for (const key of this.keys()) yield [key, this.get(key) as V];
  }

  override *values(): MapIterator<V> {
    for (const key of this.keys()) yield this.get(key) as V;
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  /** The entries to write (value undefined: delete), then forgets them as touched. */
  drainTouched(): [string, V | undefined][] {
    const out: [string, V | undefined][] = [];
    for (const key of this.touched) out.push([key, this.deleted.has(key) ? undefined : super.get(key)]);
    this.touched.clear();
    this.deleted.clear();
    return out;
  }

  /** Entries held in memory (loaded or new), for the memory figure of the benchmark. */
  get loaded(): number {
    return super.size;
  }
}
