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
  exists: Database.Statement<[string, string, string], number>;
  keys: Database.Statement<[string, string], string>;
}

/**
 * A stored set that takes additions without reading its stored members; any other use reads them first
 * and merges the additions after them (the order `add` on the whole set would give). The indexes of
 * everyone ever placed in a post grow with history while a folded event only adds to them, so
 * catching up after a snapshot no longer reads and parses them.
 */
export class DeferredSet<T> extends Set<T> {
  private load: (() => T[]) | undefined;

  constructor(load: () => T[]) {
    super();
    this.load = load;
  }

  /** True while the stored members are unread and nothing was added: the stored entry is still exact. */
  get unchanged(): boolean {
    return this.load !== undefined && super.size === 0;
  }

  private merged(): this {
    const load = this.load;
    if (load === undefined) return this;
    this.load = undefined;
    const added = [...super.values()];
    super.clear();
    for (const value of load()) super.add(value);
    for (const value of added) super.add(value);
    return this;
  }

  override has(value: T): boolean {
    this.merged();
    return super.has(value);
  }

  override delete(value: T): boolean {
    this.merged();
    return super.delete(value);
  }

  override clear(): void {
    this.load = undefined;
    super.clear();
  }

  override get size(): number {
    this.merged();
    return super.size;
  }

  override values(): SetIterator<T> {
    this.merged();
    return super.values();
  }

  override keys(): SetIterator<T> {
    return this.values();
  }

  override entries(): SetIterator<[T, T]> {
    this.merged();
    return super.entries();
  }

  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  override forEach(fn: (value: T, key: T, set: Set<T>) => void): void {
    this.merged();
    super.forEach(fn);
  }
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
  /** False once `untrack` was called: nothing remembered for a snapshot. */
  private tracking = true;

  /** `sets`: the values are sets, read as DeferredSets (see there). */
  constructor(
    private readonly queries: EntryQueries,
    private readonly stream: string,
    readonly name: string,
    private readonly sets = false,
  ) {
    super();
  }

  override get(key: string): V | undefined {
    const value = this.peek(key);
    if (value !== undefined && this.tracking) this.touched.add(key);
    return value;
  }

  /**
   * The entry for a caller that does not mutate it (a draft copies before it writes): loaded and kept like
   * `get`, but not remembered as touched, so the next snapshot does not rewrite what was only read.
   */
  peek(key: string): V | undefined {
    if (super.has(key)) return super.get(key);
    if (this.deleted.has(key) || this.absent.has(key)) return undefined;
    const value = this.sets ? this.deferred(key) : this.read(key);
    if (value === undefined) {
      this.absent.add(key);
      return undefined;
    }
    super.set(key, value);
    return value;
  }

  private read(key: string): V | undefined {
    const text = this.queries.get.get(this.stream, this.name, key);
    return text === undefined ? undefined : (decodeEntry(text) as V);
  }

  private deferred(key: string): V | undefined {
    if (this.queries.exists.get(this.stream, this.name, key) === undefined) return undefined;
    return new DeferredSet(() => [...((this.read(key) as Set<unknown> | undefined) ?? [])]) as V;
  }

  override has(key: string): boolean {
    return this.peek(key) !== undefined;
  }

  override set(key: string, value: V): this {
    this.deleted.delete(key);
    this.absent.delete(key);
    if (this.tracking) this.touched.add(key);
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const had = this.has(key);
    super.delete(key);
    if (this.tracking) {
      this.deleted.add(key);
      this.touched.add(key);
    } else this.absent.add(key);
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
      if (!this.deleted.has(key) && !this.absent.has(key)) yield key;
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
    for (const key of this.touched) {
      const value = this.deleted.has(key) ? undefined : super.get(key);
      if (!(value instanceof DeferredSet && value.unchanged)) out.push([key, value]);
    }
    this.touched.clear();
    // Known absent from now on: the snapshot that deletes them from the table may be written later (on
    // another thread), and until then a read of the table would still find them.
    for (const key of this.deleted) this.absent.add(key);
    this.deleted.clear();
    return out;
  }

  /**
   * Stops remembering which entries changed, for a state no snapshot is ever taken of (the api's own state:
   * a thread that follows the log takes them, see SnapshotFollower). The file may go on holding an entry
   * deleted here for as long as the follower is behind, so a deleted entry is known absent from now on.
   */
  untrack(): void {
    this.tracking = false;
    this.touched.clear();
    for (const key of this.deleted) this.absent.add(key);
    this.deleted.clear();
  }

  /** Entries held in memory (loaded or new), for the memory figure of the benchmark. */
  get loaded(): number {
    return super.size;
  }
}
