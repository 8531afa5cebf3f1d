import type { EmployeeDevState, StaffingState } from '@asn/domain';
import { initialStaffingState } from '@asn/domain';
import type { ReadModelKeys } from '../keys';
import { F } from '../records';
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
  private subtree = false;
  private roots = false;
  private withDev = false;

  constructor(
    private readonly store: ReadModelStore,
    private readonly keys: ReadModelKeys,
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
    for (const id of roots) this.unit(id);
    while (this.hasPending()) await this.round();
    await this.loadDecreeNumbers();
    return { state: this.state, dev: this.dev, position: meta.checkpoint ?? '0' };
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
        this.pendingActings.size >
      0
    );
  }

  private async round(): Promise<void> {
    const units = [...this.pendingUnits];
    const positions = [...this.pendingPositions];
    const employees = [...this.pendingEmployees];
    const actings = [...this.pendingActings];
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
    const [unitHashes, kinds, positionHashes, employeeHashes, devHashes, actingHashes] = await Promise.all([
      this.store.hgetall(units.map(k.unit)),
      this.store.hmget(k.positionKinds, kindsOnly),
      this.store.hgetall(records.map(([id]) => k.position(id))),
      this.store.hgetall(employees.map(([nip]) => k.employee(nip))),
      this.withDev ? this.store.hgetall(employees.map(([nip]) => k.employeeDevelopment(nip))) : [],
      this.store.hgetall(actings.map(k.acting)),
    ]);
    units.forEach((id, i) => this.addUnit(id, unitHashes[i]));
    kindsOnly.forEach((id, i) => {
      const position = referencedPositionFrom(id, kinds[i]);
      if (position && !this.state.positions.has(id)) this.state.positions.set(id, position);
    });
    records.forEach(([id, depth], i) => this.addPosition(id, positionHashes[i], depth === Depth.Holders));
    employees.forEach(([nip, full], i) => this.addEmployee(nip, employeeHashes[i], devHashes[i], full));
    actings.forEach((id, i) => {
      const acting = actingFrom(actingHashes[i], this.annulled);
      if (!acting) return;
      this.state.actings.set(id, acting);
      addToIndex(this.state.positionActings, acting.positionId, id);
      this.employeeNeeded(acting.nip, false);
      // A Plt stops when a definitive holder arrives: its post's holders are needed.
      this.position(acting.positionId, acting.role === 'PLT' ? Depth.Holders : Depth.Record);
    });
  }

  private addUnit(id: string, hash: Record<string, string>): void {
    const unit = unitFrom(hash);
    if (!unit) return;
    this.state.units.set(id, unit);
    if (unit.parentId) addToIndex(this.state.unitChildren, unit.parentId, id);
    for (const child of members(hash, F.childUnit)) {
      addToIndex(this.state.unitChildren, id, child);
      if (this.subtree) this.unit(child);
    }
    for (const positionId of members(hash, F.unitPosition)) {
      addToIndex(this.state.unitPositions, id, positionId);
      this.position(positionId, Depth.Holders);
    }
    for (const nip of members(hash, F.redeployedIn)) {
      addToIndex(this.state.unitRedeployments, id, nip);
      this.employeeNeeded(nip, false);
    }
  }

  private addPosition(id: string, hash: Record<string, string>, withHolders: boolean): void {
    const position = positionFrom(hash);
    if (position) this.state.positions.set(id, position);
    if (!withHolders) return;
    for (const nip of members(hash, F.placed)) {
      addToIndex(this.state.positionPlacements, id, nip);
      this.employeeNeeded(nip, false);
    }
    for (const actingId of members(hash, F.actingOn)) {
      addToIndex(this.state.positionActings, id, actingId);
      if (!this.seenActings.has(actingId)) this.pendingActings.add(actingId);
    }
  }

  private addEmployee(
    nip: string,
    hash: Record<string, string>,
    devHash: Record<string, string> | undefined,
    full: boolean,
  ): void {
    const employee = employeeFrom(hash, this.annulled);
    if (!employee) return;
    this.state.employees.set(nip, employee);
    if (devHash) this.dev.set(nip, devStateFrom(nip, devHash));
    for (const p of employee.placements) this.position(p.positionId, full ? Depth.Record : Depth.Kind);
    if (!full) return;
    for (const actingId of employee.actingIds) {
      if (!this.seenActings.has(actingId)) this.pendingActings.add(actingId);
    }
  }

  /** The roster shows each holder's decree number. */
  private async loadDecreeNumbers(): Promise<void> {
    const ids = new Set<string>();
    for (const employee of this.state.employees.values())
      for (const p of employee.placements) ids.add(p.decreeId);
    const list = [...ids];
    const numbers = await this.store.hmget(this.keys.decreeNumbers, list);
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
