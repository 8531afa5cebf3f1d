import type {
  ActingFact,
  EmployeeDevState,
  EmployeeRecord,
  IsoDate,
  PositionRecord,
  StaffingState,
  UnitRecord,
} from '@asn/domain';
import { addDays, initialStaffingState } from '@asn/domain';
import type { ReadModelKeys } from '../keys';
import { F } from '../records';
import { dateScore, HOLDER_INDEX_FIELD } from '../runner/holder-index';
import type { ReadModelStore } from '../store/read-model-store.port';
import {
  actingFrom,
  annulmentsFrom,
  devStateFrom,
  employeeFrom,
  members,
  positionFrom,
  referencedPositionFrom,
  unitFrom,
  type Annulments,
} from './entity-records';

interface ParsedUnit {
  unit: UnitRecord | undefined;
  children: string[];
  positions: string[];
  redeployedIn: string[];
}

interface ParsedPosition {
  position: PositionRecord | undefined;
  placed: string[];
  actingOn: string[];
}

const parseUnit = (hash: Record<string, string>): ParsedUnit => ({
  unit: unitFrom(hash),
  children: members(hash, F.childUnit),
  positions: members(hash, F.unitPosition),
  redeployedIn: members(hash, F.redeployedIn),
});

const parsePosition = (hash: Record<string, string>): ParsedPosition => ({
  position: positionFrom(hash),
  placed: members(hash, F.placed),
  actingOn: members(hash, F.actingOn),
});

/**
 * Entities parsed by earlier queries, each with the stamp it had (the position of the last event that wrote
 * it) and a generation: a count that only grows and moves whenever the parse would differ for the same stamp
 * (the number of annulments for what annulments change; the number of fields of a hash without a stamp). A
 * query reads again only the entities whose stamp moved: after a write, what it did not touch is reused.
 * Position kinds and decree numbers never change once written.
 */
export class EntityCache {
  private readonly entries = new Map<string, { stamp: string; generation: number; value: unknown }>();
  private readonly fixed = new Map<string, string>();

  constructor(private readonly limit = 200_000) {}

  /** The entry whatever its generation (for hashes whose generation is their field count). */
  peek(key: string): { stamp: string; generation: number; value: unknown } | undefined {
    return this.entries.get(key);
  }

  get(key: string, generation: number): { stamp: string; value: unknown } | undefined {
    const entry = this.entries.get(key);
    return entry && entry.generation === generation ? entry : undefined;
  }

  set(key: string, stamp: string, generation: number, value: unknown): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, { stamp, generation, value });
  }

  getFixed(key: string): string | undefined {
    return this.fixed.get(key);
  }

  setFixed(key: string, value: string): void {
    if (this.fixed.size >= this.limit) this.fixed.clear();
    this.fixed.set(key, value);
  }
}

/** The part of the staffing state a query needs, and the development facts of the employees in it. */
export interface LoadedState {
  state: StaffingState;
  dev: Map<string, EmployeeDevState>;
  /** Checkpoint of the version the state was read from. */
  position: string;
}

/**
 * How much of a position a query needs: its kind (an employee's other post: the retirement age), its record
 * (a post shown in a profile), or also its holders and acting (a post listed in a roster).
 */
const enum Depth {
  Kind = 1,
  Record = 2,
  Holders = 3,
}

function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

/**
 * Loads the entities a query touches from the read models into a partial StaffingState, so the domain's
 * own query functions (rosterOf, employeeProfile, ...) answer from it. Each round reads every pending entity
 * in one round trip; what it finds (a position's holders, an employee's other posts) is loaded in the next.
 */
export class StateLoader {
  private readonly state = initialStaffingState();
  private readonly dev = new Map<string, EmployeeDevState>();
  private annulled: Annulments = new Map();
  private readonly pendingUnits = new Set<string>();
  private readonly pendingPositions = new Map<string, Depth>();
  private readonly pendingEmployees = new Map<string, boolean>();
  private readonly pendingActings = new Set<string>();
  private readonly seenUnits = new Set<string>();
  private readonly seenPositions = new Map<string, Depth>();
  private readonly seenEmployees = new Map<string, boolean>();
  private readonly seenActings = new Set<string>();
  /** Position -> holders needed whose interval there ends after this score (read from the holder index). */
  private readonly pendingHolders = new Map<string, number>();
  private readonly holdersAbove = new Map<string, number>();
  private subtree = false;
  private roots = false;
  private withDev = false;
  /** Only the holders on or after this date are needed (a roster on it), when the holder index is complete. */
  private holdersOn: IsoDate | undefined;
  private useHolderIndex = false;
  /** Stamp field of each stamped entity read (unit, position, employee, acting) -> the stamp it had then. */
  private readonly stamps = new Map<string, string>();
  /** Employees read since decree numbers were last loaded. */
  private readonly freshEmployees: EmployeeRecord[] = [];
  private checkpoint = '0';
  /** The root units when loaded (allRoots): a new root is a change a refresh cannot follow. */
  private rootIds = '';

  constructor(
    private readonly store: ReadModelStore,
    private readonly keys: ReadModelKeys,
    private readonly cache?: EntityCache,
  ) {}

  /** The units and every unit below them, their positions with holders and acting, redeployments in. */
  unitTree(unitIds: string[]): this {
    this.subtree = true;
    for (const id of unitIds) this.unit(id);
    return this;
  }

  /** Every root unit and everything below. */
  allRoots(): this {
    this.subtree = true;
    this.roots = true;
    return this;
  }

  /** Also the trainings and work arrangements of the employees loaded. */
  development(): this {
    this.withDev = true;
    return this;
  }

  /**
   * The positions' holders are needed on `asOf` and later only (a roster on that date): with a complete
   * holder index, only the employees whose interval ends after it are loaded, not everyone who ever held
   * the post. The loaded state then answers rosterOf on `asOf` exactly, but not a post's full history.
   */
  holdersFrom(asOf: IsoDate): this {
    this.holdersOn = asOf;
    return this;
  }

  unit(id: string): this {
    if (!this.seenUnits.has(id)) this.pendingUnits.add(id);
    return this;
  }

  /** A position with its holders and acting (`withHolders`), or its record only. */
  positionNeeded(id: string, withHolders: boolean): this {
    return this.position(id, withHolders ? Depth.Holders : Depth.Record);
  }

  /** `full`: also the employee's acting assignments and the records of their posts (a profile). */
  employeeNeeded(nip: string, full: boolean): this {
    const seen = this.seenEmployees.get(nip);
    if (seen === undefined || (full && !seen)) {
      this.pendingEmployees.set(nip, full || (this.pendingEmployees.get(nip) ?? false));
    }
    return this;
  }

  async load(): Promise<LoadedState> {
    const [[annulled, meta], [roots]] = await Promise.all([
      this.store.hgetall([this.keys.annulled, this.keys.meta]),
      this.roots ? this.store.smembers([this.keys.roots]) : Promise.resolve([[]]),
    ]);
    this.annulled = annulmentsFrom(annulled);
    this.useHolderIndex = this.holdersOn !== undefined && meta[HOLDER_INDEX_FIELD] === '1';
    this.checkpoint = meta.checkpoint ?? '0';
    this.rootIds = [...roots].sort().join(',');
    for (const id of roots) this.unit(id);
    return this.complete();
  }

  /**
   * Brings a loaded state up to date in place: reads the stamps of every entity it holds in one round trip,
   * reads again only those whose stamp moved, and whatever they now reach (a new holder, a new acting).
   * Answers the stamp fields that moved, or undefined when only a new load is exact: a unit changed (its
   * positions or subunits may be others), a decree was annulled (it rewrites every fact of the decree) or
   * the holder index changed state, or the root units are others. Development facts carry no stamp: only the
   * hashes that grew are read again (Redis compares every employee's field count). Needs the entity cache (the
   * stamps come from it); one call at a time.
   * `checkpoint` is the live checkpoint read before the call: everything read here is at least that recent,
   * so it is the position the refreshed state reflects (one read later in the same call might not be).
   */
  async refresh(checkpoint: string): Promise<Set<string> | undefined> {
    if (!this.cache) return undefined;
    const fields = [...this.stamps.keys()];
    const nips = this.withDev ? [...this.state.employees.keys()] : [];
    const [[annulled, meta], stamps, [roots], devs] = await Promise.all([
      this.store.hgetall([this.keys.annulled, this.keys.meta]),
      this.store.hmget(this.keys.stamps, fields),
      this.roots ? this.store.smembers([this.keys.roots]) : Promise.resolve([[]]),
      this.readDev(nips),
    ]);
    const useHolderIndex = this.holdersOn !== undefined && meta[HOLDER_INDEX_FIELD] === '1';
    if (
      Object.keys(annulled).length !== this.annulled.size ||
      useHolderIndex !== this.useHolderIndex ||
      [...roots].sort().join(',') !== this.rootIds
    )
      return undefined;
    this.checkpoint = checkpoint;
    nips.forEach((nip, i) => this.dev.set(nip, devs[i]));
    const moved = new Set<string>();
    fields.forEach((field, i) => {
      if ((stamps[i] ?? '') !== this.stamps.get(field)) moved.add(field);
    });
    for (const field of moved) if (!this.readAgain(field)) return undefined;
    await this.complete();
    return moved;
  }

  /** Checkpoint of the read models when the state was last loaded or refreshed. */
  get loadedAt(): string {
    return this.checkpoint;
  }

  /** The state and development facts loaded, kept up to date in place by refresh. */
  get loaded(): LoadedState {
    return { state: this.state, dev: this.dev, position: this.checkpoint };
  }

  private async complete(): Promise<LoadedState> {
    while (this.hasPending()) await this.round();
    await this.loadDecreeNumbers();
    return this.loaded;
  }

  /** Marks the entity behind a stamp field to be read again, as deep as before; false for a unit. */
  private readAgain(field: string): boolean {
    const colon = field.indexOf(':');
    const kind = field.slice(0, colon);
    const id = field.slice(colon + 1);
    if (kind === 'p') {
      const depth = this.seenPositions.get(id)!;
      this.seenPositions.delete(id);
      this.pendingPositions.set(id, depth);
      // Its holders too, from the earliest date asked so far (a new placement adds a member).
      const above = this.holdersAbove.get(id);
      if (above !== undefined) {
        this.holdersAbove.delete(id);
        this.pendingHolders.set(id, above);
      }
    } else if (kind === 'e') {
      const full = this.seenEmployees.get(id)!;
      this.seenEmployees.delete(id);
      this.pendingEmployees.set(id, full);
    } else if (kind === 'ac') {
      this.seenActings.delete(id);
      this.pendingActings.add(id);
    } else return false;
    return true;
  }

  private position(id: string, depth: Depth): this {
    const seen = this.seenPositions.get(id) ?? 0;
    if (depth > seen && depth > (this.pendingPositions.get(id) ?? 0)) this.pendingPositions.set(id, depth);
    return this;
  }

  private hasPending(): boolean {
    return (
      this.pendingUnits.size +
        this.pendingPositions.size +
        this.pendingEmployees.size +
        this.pendingActings.size +
        this.pendingHolders.size >
      0
    );
  }

  private async round(): Promise<void> {
    const units = [...this.pendingUnits];
    const positions = [...this.pendingPositions];
    const employees = [...this.pendingEmployees];
    const actings = [...this.pendingActings];
    const holderRanges = [...this.pendingHolders];
    this.pendingHolders.clear();
    for (const [id, above] of holderRanges) this.holdersAbove.set(id, above);
    this.pendingUnits.clear();
    this.pendingPositions.clear();
    this.pendingEmployees.clear();
    this.pendingActings.clear();
    for (const id of units) this.seenUnits.add(id);
    for (const [id, depth] of positions)
      this.seenPositions.set(id, Math.max(depth, this.seenPositions.get(id) ?? 0));
    for (const [nip, full] of employees)
      this.seenEmployees.set(nip, full || (this.seenEmployees.get(nip) ?? false));
    for (const id of actings) this.seenActings.add(id);
    const k = this.keys;
    const kindsOnly = positions.filter(([, d]) => d === Depth.Kind).map(([id]) => id);
    const records = positions.filter(([, d]) => d > Depth.Kind);
    const [unitHashes, kinds, positionHashes, employeeHashes, devs, actingHashes, holderLists] =
      await Promise.all([
        this.readEntities(units.map(k.unit), 0, parseUnit),
        this.readFixed(k.positionKinds, kindsOnly),
        this.readEntities(
          records.map(([id]) => k.position(id)),
          0,
          parsePosition,
        ),
        this.readEntities(
          employees.map(([nip]) => k.employee(nip)),
          this.annulled.size,
          (hash) => employeeFrom(hash, this.annulled),
        ),
        this.withDev ? this.readDev(employees.map(([nip]) => nip)) : [],
        this.readEntities(actings.map(k.acting), this.annulled.size, (hash) =>
          actingFrom(hash, this.annulled),
        ),
        this.store.zrangeAbove(holderRanges.map(([id, above]) => ({ key: k.holders(id), above }))),
      ]);
    holderRanges.forEach(([id], i) => {
      for (const nip of holderLists[i]) {
        addToIndex(this.state.positionPlacements, id, nip);
        this.employeeNeeded(nip, false);
      }
    });
    units.forEach((id, i) => this.addUnit(id, unitHashes[i]));
    kindsOnly.forEach((id, i) => {
      const position = referencedPositionFrom(id, kinds[i]);
      if (position && !this.state.positions.has(id)) this.state.positions.set(id, position);
    });
    records.forEach(([id, depth], i) => this.addPosition(id, positionHashes[i], depth === Depth.Holders));
    employees.forEach(([nip, full], i) => this.addEmployee(nip, employeeHashes[i], devs[i], full));
    actings.forEach((id, i) => {
      const acting = actingHashes[i];
      if (!acting) return;
      this.state.actings.set(id, acting);
      addToIndex(this.state.positionActings, acting.positionId, id);
      this.employeeNeeded(acting.nip, false);
      // A Plt stops when a definitive holder arrives: its post's holders are needed.
      this.position(acting.positionId, acting.role === 'PLT' ? Depth.Holders : Depth.Record);
      // ... from the Plt's start, if it may still be in force on the date asked.
      if (this.useHolderIndex && acting.role === 'PLT' && this.pltMayRun(acting)) {
        this.holdersNeeded(acting.positionId, dateScore(acting.from));
      }
    });
  }

  /** Entity hashes, parsed, reusing the cache's copy of each one whose stamp has not moved. */
  private async readEntities<T>(
    keys: string[],
    annulments: number,
    parse: (hash: Record<string, string>) => T,
  ): Promise<T[]> {
    const cache = this.cache;
    if (!cache) return (await this.store.hgetall(keys)).map(parse);
    if (keys.length === 0) return [];
    const prefix = this.keys.prefix.length;
    const known = keys.map((key) => cache.get(key, annulments));
    const replies = await this.store.hgetallIfChanged(
      this.keys.stamps,
      keys.map((key, i) => ({ key, field: key.slice(prefix), known: known[i]?.stamp ?? null })),
    );
    return replies.map((reply, i) => {
      // '' for an entity not written yet: its first write moves the stamp.
      this.stamps.set(keys[i].slice(prefix), reply.stamp ?? '');
      if (reply.hash === null) return known[i]!.value as T;
      const value = parse(reply.hash);
      if (reply.stamp !== null) cache.set(keys[i], reply.stamp, annulments, value);
      return value;
    });
  }

  /** Fields of a hash whose fields never change once written (position kinds, decree numbers). */
  private async readFixed(key: string, fields: string[]): Promise<(string | null)[]> {
    const cache = this.cache;
    if (!cache) return this.store.hmget(key, fields);
    const out: (string | null)[] = fields.map((field) => cache.getFixed(`${key}|${field}`) ?? null);
    const missing = fields.filter((_, i) => out[i] === null);
    if (missing.length === 0) return out;
    const values = await this.store.hmget(key, missing);
    let j = 0;
    fields.forEach((field, i) => {
      if (out[i] !== null) return;
      const value = values[j++];
      out[i] = value;
      if (value !== null) cache.setFixed(`${key}|${field}`, value);
    });
    return out;
  }

  private addUnit(id: string, parsed: ParsedUnit): void {
    const { unit } = parsed;
    if (!unit) return;
    this.state.units.set(id, unit);
    if (unit.parentId) addToIndex(this.state.unitChildren, unit.parentId, id);
    for (const move of unit.moves ?? []) if (move.value) addToIndex(this.state.unitChildren, move.value, id);
    for (const child of parsed.children) {
      addToIndex(this.state.unitChildren, id, child);
      if (this.subtree) this.unit(child);
    }
    for (const positionId of parsed.positions) {
      addToIndex(this.state.unitPositions, id, positionId);
      this.position(positionId, Depth.Holders);
      // Read in the same round as the position itself.
      if (this.useHolderIndex) this.holdersNeeded(positionId, dateScore(this.holdersOn!));
    }
    for (const nip of parsed.redeployedIn) {
      addToIndex(this.state.unitRedeployments, id, nip);
      this.employeeNeeded(nip, false);
    }
  }

  private addPosition(id: string, parsed: ParsedPosition, withHolders: boolean): void {
    const { position } = parsed;
    if (position) this.state.positions.set(id, position);
    if (!withHolders) return;
    if (this.useHolderIndex) this.holdersNeeded(id, dateScore(this.holdersOn!));
    else {
      for (const nip of parsed.placed) {
        addToIndex(this.state.positionPlacements, id, nip);
        this.employeeNeeded(nip, false);
      }
    }
    for (const actingId of parsed.actingOn) {
      addToIndex(this.state.positionActings, id, actingId);
      if (!this.seenActings.has(actingId)) this.pendingActings.add(actingId);
    }
  }

  /** The holders of the position whose interval there ends after `above` (a score). */
  private holdersNeeded(id: string, above: number): void {
    if (
      above < (this.holdersAbove.get(id) ?? Infinity) &&
      above < (this.pendingHolders.get(id) ?? Infinity)
    ) {
      this.pendingHolders.set(id, above);
    }
  }

  /**
   * Whether a Plt may be in force on the date asked: it started by then and its period as assigned, extended
   * or ended reaches past it (a holder's arrival only shortens it). Mirrors the domain's actingPeriod.
   */
  private pltMayRun(acting: ActingFact): boolean {
    const asOf = this.holdersOn!;
    if (acting.from >= asOf) return false;
    let last = acting.endDate;
    let end: IsoDate | null = null;
    for (const change of acting.changes) {
      if (change.kind === 'EXTEND') last = change.date;
      else if (end === null || change.date < end) end = change.date;
    }
    const to = addDays(last, 1);
    return (end === null || end > to ? to : end) > asOf;
  }

  private addEmployee(
    nip: string,
    employee: EmployeeRecord | undefined,
    dev: EmployeeDevState | undefined,
    full: boolean,
  ): void {
    if (!employee) return;
    this.state.employees.set(nip, employee);
    this.freshEmployees.push(employee);
    if (dev) this.dev.set(nip, dev);
    for (const p of employee.placements) this.position(p.positionId, full ? Depth.Record : Depth.Kind);
    if (!full) return;
    for (const actingId of employee.actingIds) {
      if (!this.seenActings.has(actingId)) this.pendingActings.add(actingId);
    }
  }

  /**
   * The development facts of the employees, parsed once per content: those hashes carry no stamp, but their
   * fields are only ever added (one per event, named by its revision), so the same number of fields is the
   * same facts, and only the hashes that grew since they were last read come back from the store.
   */
  private async readDev(nips: string[]): Promise<EmployeeDevState[]> {
    const keys = nips.map(this.keys.employeeDevelopment);
    const cache = this.cache;
    if (!cache) return (await this.store.hgetall(keys)).map((hash, i) => devStateFrom(nips[i], hash));
    const known = keys.map((key) => cache.peek(key));
    const replies = await this.store.hgetallIfGrown(
      keys.map((key, i) => ({ key, known: known[i]?.generation ?? null })),
    );
    return replies.map((reply, i) => {
      if (reply.hash === null) return known[i]!.value as EmployeeDevState;
      const dev = devStateFrom(nips[i], reply.hash);
      cache.set(keys[i], '', reply.fields, dev);
      return dev;
    });
  }

  /** The roster shows each holder's decree number. */
  private async loadDecreeNumbers(): Promise<void> {
    const ids = new Set<string>();
    for (const employee of this.freshEmployees.splice(0))
      for (const p of employee.placements) if (!this.state.decrees.has(p.decreeId)) ids.add(p.decreeId);
    const list = [...ids];
    const numbers = await this.readFixed(this.keys.decreeNumbers, list);
    list.forEach((decreeId, i) => {
      if (numbers[i] === null) return;
      this.state.decrees.set(decreeId, {
        decreeId,
        decree: { number: numbers[i] || undefined },
        lines: [],
        revision: -1,
        annulled: null,
        version: -1,
      });
    });
  }
}
