import { addDays, minDate, within } from './dates';
import { peek } from './draft';
import { retirementAge, retirementDate } from './position-kind';
import {
  decadeOf,
  leftKey,
  type ActingFact,
  type Dated,
  type EmployeeRecord,
  type PositionRecord,
  type StaffingState,
} from './state';
import type { IsoDate } from './vocabulary';

/** A definitive placement interval [from, to) of one employee in one position (to null: open). */
export interface Segment {
  nip: string;
  positionId: string;
  from: IsoDate;
  to: IsoDate | null;
  factId: string;
  decreeId: string;
  /** Why the segment ends: the next placement, separation, or retirement (BUP of this position). */
  endedBy: 'MOVE' | 'SEPARATION' | 'RETIREMENT' | null;
}

/** Inserts keeping `from` order; a later entry with the same `from` goes after the earlier ones. */
export function insertDated<T>(list: Dated<T>[], entry: Dated<T>): void {
  let i = list.length;
  while (i > 0 && list[i - 1].from > entry.from) i--;
  list.splice(i, 0, entry);
}

/** A copy of the list with the entry inserted (a draft's copy of a record shares the base's lists). */
export function withDated<T>(list: Dated<T>[], entry: Dated<T>): Dated<T>[] {
  const copy = [...list];
  insertDated(copy, entry);
  return copy;
}

/** The value in force at `date` of a dated list sorted by `from` (undefined before the first). */
export function valueAt<T>(list: Dated<T>[], date: IsoDate): T | undefined {
  let value: T | undefined;
  for (const entry of list) {
    if (entry.from > date) break;
    value = entry.value;
  }
  return value;
}

export function retirementDateIn(employee: EmployeeRecord, position: PositionRecord | undefined): IsoDate {
  const age = position ? retirementAge(position.kind, position.level) : 58;
  return retirementDate(employee.birthDate, age);
}

/**
 * The employee's definitive placements as intervals. Each ends at the next placement, at separation, or
 * on the retirement date set by the position held (BUP), whichever comes first.
 */
export function placementSegments(state: StaffingState, employee: EmployeeRecord): Segment[] {
  // Position checks ask for the same holders' intervals many times per decision; an employee's intervals
  // change only with their placements (new array, or spliced: longer) or their separation.
  const separation = employee.separation?.effectiveDate ?? null;
  const cached = segmentCache.get(employee.placements);
  if (cached && cached.length === employee.placements.length && cached.separation === separation) {
    return cached.segments;
  }
  const segments = computeSegments(state, employee);
  segmentCache.set(employee.placements, { length: employee.placements.length, separation, segments });
  return segments;
}

const segmentCache = new WeakMap<
  object,
  { length: number; separation: IsoDate | null; segments: Segment[] }
>();

function computeSegments(state: StaffingState, employee: EmployeeRecord): Segment[] {
  const segments: Segment[] = [];
  const separation = employee.separation?.effectiveDate ?? null;
  const facts = employee.placements;
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i];
    if (separation !== null && fact.effectiveDate >= separation) break;
    const retire = retirementDateIn(employee, peek(state.positions, fact.positionId));
    if (fact.effectiveDate >= retire) break;
    let to: IsoDate | null = null;
    let endedBy: Segment['endedBy'] = null;
    const next = facts[i + 1]?.effectiveDate;
    if (next !== undefined) [to, endedBy] = [next, 'MOVE'];
    if (separation !== null && (to === null || separation < to)) [to, endedBy] = [separation, 'SEPARATION'];
    if (to === null || retire < to) [to, endedBy] = [retire, 'RETIREMENT'];
    if (to <= fact.effectiveDate) continue; // replaced the same day by a later fact
    const segment: Segment = {
      nip: employee.nip,
      positionId: fact.positionId,
      from: fact.effectiveDate,
      to,
      factId: fact.factId,
      decreeId: fact.decreeId,
      endedBy,
    };
    segmentSeq.set(segment, fact.seq);
    segments.push(segment);
    if (endedBy === 'RETIREMENT') break;
  }
  return segments;
}

export function segmentAt(
  state: StaffingState,
  employee: EmployeeRecord,
  date: IsoDate,
): Segment | undefined {
  return placementSegments(state, employee).find((s) => within(date, s.from, s.to));
}

/** Definitive holders' intervals in one position, sorted by start. */
export function holderSegments(state: StaffingState, positionId: string): Segment[] {
  const result: Segment[] = [];
  for (const nip of peek(state.positionPlacements, positionId) ?? []) {
    const employee = peek(state.employees, nip);
    if (!employee) continue;
    for (const s of placementSegments(state, employee)) if (s.positionId === positionId) result.push(s);
  }
  return byStart(result);
}

/** Recording order of the fact behind each interval, to order intervals that start on the same day. */
const segmentSeq = new WeakMap<Segment, number>();

const byStart = (segments: Segment[]): Segment[] =>
  segments.sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : (segmentSeq.get(a) ?? 0) - (segmentSeq.get(b) ?? 0),
  );

/**
 * The holders' intervals in one position still running at or after `from` (to null or after it), sorted by
 * start; '' means the whole timeline. A post collects holders for as long as the city exists, so this reads
 * the holder index that `evolveStaffing` keeps (positionOpen, positionLeft) instead of everyone who ever
 * held the post: use it on states folded by `evolveStaffing` (the decided state and its drafts).
 */
export function holderSegmentsFrom(state: StaffingState, positionId: string, from: IsoDate): Segment[] {
  if (from === '') return holderSegments(state, positionId);
  const result: Segment[] = [];
  forEachRunningHolderSegment(state, positionId, from, (s) => result.push(s));
  return byStart(result);
}

/** How many definitive holders the position has on `date` (its bezetting), on a state as for holderSegmentsFrom. */
export function holderCountAt(state: StaffingState, positionId: string, date: IsoDate): number {
  let count = 0;
  forEachRunningHolderSegment(state, positionId, date, (s) => {
    if (s.from <= date) count++;
  });
  return count;
}

/**
 * Visits the holders' intervals in one position still running after `from` (`from` not ''), in no order:
 * those of the position's open holders, then of those who left it after `from` (each employee once).
 * Counting the bezetting of a pelaksana post with hundreds of holders copies nothing.
 */
function forEachRunningHolderSegment(
  state: StaffingState,
  positionId: string,
  from: IsoDate,
  visit: (segment: Segment) => void,
): void {
  const position = peek(state.positions, positionId);
  const visitEmployee = (nip: string): void => {
    const employee = peek(state.employees, nip);
    if (!employee || leftBefore(employee, positionId, position, from)) return;
    for (const s of placementSegments(state, employee)) {
      if (s.positionId === positionId && (s.to === null || s.to > from)) visit(s);
    }
  };
  const open = peek(state.positionOpen, positionId);
  if (open) for (const nip of open) visitEmployee(nip);
  let left: Set<string> | undefined;
  for (const nip of leftAfter(state, positionId, from)) {
    if (open?.has(nip) || left?.has(nip)) continue;
    (left ??= new Set()).add(nip);
    visitEmployee(nip);
  }
}

/**
 * Employees who left the position after `from` (`until` > from), possibly more than once. Only the
 * decades from `from`'s on are read: the earlier ones hold nobody who left after it.
 */
function* leftAfter(state: StaffingState, positionId: string, from: IsoDate): Generator<string> {
  if (state.positionLeftLast <= from) return;
  const last = decadeOf(state.positionLeftLast);
  for (let decade = decadeOf(from); decade <= last; decade++) {
    const left = peek(state.positionLeft, leftKey(positionId, decade)) ?? [];
    let lo = 0;
    let hi = left.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (left[mid].until > from) hi = mid;
      else lo = mid + 1;
    }
    for (let i = lo; i < left.length; i++) yield left[i].nip;
  }
}

/** True when every interval of `employee` in the position ends on or before `date`. */
function leftBefore(
  employee: EmployeeRecord,
  positionId: string,
  position: PositionRecord | undefined,
  date: IsoDate,
): boolean {
  if (employee.separation !== null && employee.separation.effectiveDate <= date) return true;
  const facts = employee.placements;
  let last = facts.length - 1;
  while (last >= 0 && facts[last].positionId !== positionId) last--;
  if (last < 0) return true;
  const next = facts[last + 1];
  if (next !== undefined && next.effectiveDate <= date) return true;
  return retirementDateIn(employee, position) <= date;
}

/** The acting period as assigned, extended or ended: [from, to) with `to` exclusive. */
export function actingPeriod(acting: ActingFact): { from: IsoDate; to: IsoDate; extensions: number } {
  let last = acting.endDate;
  let to: IsoDate | null = null;
  let extensions = 0;
  for (const change of acting.changes) {
    if (change.kind === 'EXTEND') {
      last = change.date;
      extensions++;
    } else to = to === null ? change.date : minDate(to, change.date);
  }
  const end = addDays(last, 1);
  return { from: acting.from, to: to === null ? end : minDate(to, end), extensions };
}

/**
 * When the acting assignment is actually in force: a Plt stops by itself when a definitive holder
 * arrives, since a Plt only covers a vacancy.
 */
export function actingInForce(state: StaffingState, acting: ActingFact): { from: IsoDate; to: IsoDate } {
  return cutByHolder(acting, (from) =>
    holderSegments(state, acting.positionId).filter((h) => h.to === null || h.to > from),
  );
}

/** actingInForce on a state folded by `evolveStaffing`, reading the holder index (see holderSegmentsFrom). */
export function actingInForceFrom(state: StaffingState, acting: ActingFact): { from: IsoDate; to: IsoDate } {
  return cutByHolder(acting, (from) => holderSegmentsFrom(state, acting.positionId, from));
}

function cutByHolder(
  acting: ActingFact,
  holdersFrom: (from: IsoDate) => Segment[],
): { from: IsoDate; to: IsoDate } {
  const period = actingPeriod(acting);
  if (acting.role !== 'PLT') return period;
  let to = period.to;
  for (const holder of holdersFrom(period.from)) {
    if (holder.from > period.from && holder.from < to) to = holder.from;
  }
  return { from: period.from, to };
}

export function actingsOn(state: StaffingState, positionId: string): ActingFact[] {
  const result: ActingFact[] = [];
  for (const id of state.positionActings.get(positionId) ?? []) {
    const acting = state.actings.get(id);
    if (acting) result.push(acting);
  }
  return result.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.seq - b.seq));
}

export function positionOpenAt(position: PositionRecord, date: IsoDate): boolean {
  return within(date, position.establishedOn, position.abolishedOn);
}

export function isAbsentThroughout(employee: EmployeeRecord, from: IsoDate, toExclusive: IsoDate): boolean {
  // Absences may be recorded in pieces; walk forward through them until the period is covered.
  const pieces = [...employee.absences].sort((a, b) => (a.from < b.from ? -1 : 1));
  let covered = from;
  for (const a of pieces) {
    if (a.from > covered) break;
    const next = addDays(a.to, 1);
    if (next > covered) covered = next;
    if (covered >= toExclusive) return true;
  }
  return covered >= toExclusive;
}

/** The employee's status at `date`: separation and retirement end service. */
export function serviceEnd(state: StaffingState, employee: EmployeeRecord, date: IsoDate): IsoDate | null {
  const separation = employee.separation?.effectiveDate ?? null;
  const segment = segmentAt(state, employee, date);
  const retire = retirementDateIn(employee, segment ? state.positions.get(segment.positionId) : undefined);
  return separation !== null && separation < retire ? separation : retire;
}
