import type { StaffingState } from './state';

/**
 * A read for code that does not mutate what it gets: a base map may offer `peek(key)` for that (a
 * snapshot-loaded map then does not count the entry as changed); a plain Map is read with `get`.
 */
function readOnly<K, V>(map: Map<K, V>, key: K): V | undefined {
  const peekable = map as Map<K, V> & { peek?: (key: K) => V | undefined };
  return typeof peekable.peek === 'function' ? peekable.peek(key) : map.get(key);
}

/**
 * A map that reads through to a base map and copies an entry on first read, so that `evolve` can run
 * on a draft without touching the base state. Only the entries a command touches are copied.
 */
class CopyOnReadMap<K, V> extends Map<K, V> {
  private readonly removed = new Set<K>();

  constructor(
    private readonly base: Map<K, V>,
    private readonly copy: (value: V) => V,
  ) {
    super();
  }

  override get(key: K): V | undefined {
    if (super.has(key)) return super.get(key);
    if (this.removed.has(key) || !this.base.has(key)) return undefined;
    const value = this.copy(readOnly(this.base, key) as V);
    super.set(key, value);
    return value;
  }

  /** The value without copying it, for code that only reads (it must not be mutated). */
  peek(key: K): V | undefined {
    if (super.has(key)) return super.get(key);
    return this.removed.has(key) ? undefined : readOnly(this.base, key);
  }

  override has(key: K): boolean {
    return super.has(key) || (!this.removed.has(key) && this.base.has(key));
  }

  override set(key: K, value: V): this {
    this.removed.delete(key);
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const had = this.has(key);
    super.delete(key);
    this.removed.add(key);
    return had;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const key of this.keys()) yield [key, this.get(key) as V];
  }

  override *keys(): MapIterator<K> {
    for (const key of this.base.keys()) if (!this.removed.has(key)) yield key;
    for (const key of super.keys()) if (!this.base.has(key)) yield key;
  }

  override *values(): MapIterator<V> {
    for (const key of this.keys()) yield this.get(key) as V;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.keys()) n++;
    return n;
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}

/**
 * A set that reads through to a base set and keeps its own additions and removals, so that a draft does
 * not copy an index set on first read (a post's set of everyone ever placed in it grows with history).
 */
class OverlaySet<T> extends Set<T> {
  private readonly removed = new Set<T>();

  constructor(private readonly base: Set<T>) {
    super();
  }

  override has(value: T): boolean {
    return super.has(value) || (!this.removed.has(value) && this.base.has(value));
  }

  // Does not ask the base: a snapshot-loaded base takes additions without reading its stored members.
  override add(value: T): this {
    this.removed.delete(value);
    return super.add(value);
  }

  override delete(value: T): boolean {
    const had = this.has(value);
    super.delete(value);
    this.removed.add(value);
    return had;
  }

  override *values(): SetIterator<T> {
    for (const value of this.base) if (!this.removed.has(value)) yield value;
    for (const value of super.values()) if (!this.base.has(value)) yield value;
  }

  override keys(): SetIterator<T> {
    return this.values();
  }

  override *entries(): SetIterator<[T, T]> {
    for (const value of this.values()) yield [value, value];
  }

  override [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  override get size(): number {
    let n = 0;
    for (const _ of this.values()) n++;
    return n;
  }

  override forEach(fn: (value: T, key: T, set: Set<T>) => void): void {
    for (const value of this.values()) fn(value, value, this);
  }
}

const copySet = <T>(set: Set<T>): Set<T> => new OverlaySet(set);

/** Reads an entry of a state map without copying it when the map is a draft's (read-only use). */
export function peek<K, V>(map: Map<K, V>, key: K): V | undefined {
  return readOnly(map, key);
}

/** A draft of the state on which candidate events are folded; the base state is left untouched. */
export function draftOf(state: StaffingState): StaffingState {
  return {
    revision: state.revision,
    seq: state.seq,
    units: new CopyOnReadMap(state.units, (u) => ({ ...u })),
    unitChildren: new CopyOnReadMap(state.unitChildren, copySet),
    positions: new CopyOnReadMap(state.positions, (p) => ({
      ...p,
      kebutuhan: [...p.kebutuhan],
      requiredTrainings: [...p.requiredTrainings],
    })),
    unitPositions: new CopyOnReadMap(state.unitPositions, copySet),
    employees: new CopyOnReadMap(state.employees, (e) => ({
      ...e,
      ranks: [...e.ranks],
      absences: [...e.absences],
      placements: [...e.placements],
      actingIds: [...e.actingIds],
      redeployments: [...e.redeployments],
    })),
    actings: new CopyOnReadMap(state.actings, (a) => ({ ...a, changes: [...a.changes] })),
    positionPlacements: new CopyOnReadMap(state.positionPlacements, copySet),
    positionOpen: new CopyOnReadMap(state.positionOpen, copySet),
    positionLeft: new CopyOnReadMap(state.positionLeft, (list) => [...list]),
    positionLeftLast: state.positionLeftLast,
    positionActings: new CopyOnReadMap(state.positionActings, copySet),
    unitRedeployments: new CopyOnReadMap(state.unitRedeployments, copySet),
    decrees: new CopyOnReadMap(state.decrees, (d) => ({ ...d, lines: [...d.lines] })),
    annulledDecreeNumbers: new OverlaySet(state.annulledDecreeNumbers),
  };
}
