import type {
  AnnulDecree,
  ChangePositionRequirements,
  ChangeUnit,
  DecreeLine,
  IssueDecree,
  StaffingCommand,
} from './commands';
import { addDays, within } from './dates';
import { decreeCompleteness, decreeRefCompleteness, isPlacementLine } from './decree-rules';
import type { DecideContext, Decision, Violation, Warning } from './decision';
import { draftOf, peek } from './draft';
import type { ActingFact, StaffingState, UnitRecord } from './state';
import { firstCycle, openContents, positionUnitOn, unitOpenOn } from './units';
import type { StaffingEvent } from './events';
import type { IsoDate } from './vocabulary';
import { evolveStaffing } from './evolve';
import { checkIdentityNumber } from './identity';
import { isManajerial } from './position-kind';
import { isValidRank } from './rank';
import { checkEmployeeTimeline, checkPositionTimeline, type Finding, findingKey } from './timeline-checks';
import {
  actingInForceFrom,
  actingPeriod,
  holderSegments,
  placementSegments,
  positionOpenAt,
  segmentAt,
  withDated,
} from './timeline';
import { decreeWarnings } from './decree-warnings';

const reject = (violations: Violation[], warnings: Warning[] = []): Decision<StaffingEvent> => ({
  ok: false,
  violations,
  warnings,
});

/**
 * Decides a staffing command against the state: the events to append, or every rule it breaks.
 * The candidate events are folded into a draft and the whole timeline of every employee and position
 * they touch is checked, so retroactive, future-dated and batch changes are judged on their final state.
 */
export function decideStaffing(
  command: StaffingCommand,
  state: StaffingState,
  ctx: DecideContext,
): Decision<StaffingEvent> {
  switch (command.type) {
    case 'EstablishUnit': {
      const d = command.data;
      if (state.units.has(d.unitId)) return reject([exists('unit', d.unitId, 'unitId')]);
      const parent = d.parentId ? state.units.get(d.parentId) : undefined;
      if (d.parentId && !parent) return reject([notFound('unit', d.parentId, 'parentId')]);
      if (parent?.dissolvedOn) return reject([unitClosed(parent.unitId, parent.dissolvedOn, 'parentId')]);
      return accept([{ type: 'UnitEstablished', data: { ...d, parentId: d.parentId ?? null } }]);
    }
    case 'ChangeUnit':
      return decideChangeUnit(command.data, state);
    case 'DissolveUnit': {
      const d = command.data;
      const unit = state.units.get(d.unitId);
      if (!unit) return reject([notFound('unit', d.unitId, 'unitId')]);
      const incomplete = decreeRefCompleteness(d.decree);
      if (incomplete) return reject([incomplete]);
      if (unit.dissolvedOn) return reject([unitClosed(unit.unitId, unit.dissolvedOn)]);
      if (d.effectiveDate <= unit.establishedOn) {
        return reject([
          {
            code: 'UNIT_CLOSED',
            field: 'effectiveDate',
            message: `unit ${d.unitId} is established on ${unit.establishedOn}; it can be dissolved only after that day`,
          },
        ]);
      }
      const open = openContents(state, d.unitId, d.effectiveDate);
      if (open.positions.length > 0 || open.units.length > 0) {
        const what = [
          open.positions.length > 0 ? `positions ${open.positions.join(', ')} (abolish them first)` : '',
          open.units.length > 0 ? `subunits ${open.units.join(', ')} (move or dissolve them first)` : '',
        ].filter(Boolean);
        return reject([
          {
            code: 'UNIT_NOT_EMPTY',
            message: `unit ${d.unitId} still has, on or after ${d.effectiveDate}, ${what.join(' and ')}`,
          },
        ]);
      }
      return accept([{ type: 'UnitDissolved', data: { ...d } }]);
    }
    case 'EstablishPosition': {
      const d = command.data;
      if (state.positions.has(d.positionId)) return reject([exists('position', d.positionId, 'positionId')]);
      const unit = state.units.get(d.unitId);
      if (!unit) return reject([notFound('unit', d.unitId, 'unitId')]);
      if (unit.dissolvedOn) return reject([unitClosed(unit.unitId, unit.dissolvedOn, 'unitId')]);
      if (d.kind === 'FUNGSIONAL' && !d.level) {
        return reject([
          { code: 'VALIDATION_FAILED', field: 'level', message: 'level is required for FUNGSIONAL' },
        ]);
      }
      return accept([
        {
          type: 'PositionEstablished',
          data: {
            positionId: d.positionId,
            unitId: d.unitId,
            title: d.title,
            kind: d.kind,
            level: d.level ?? null,
            kebutuhan: d.kebutuhan,
            requiredTrainings: d.requiredTrainings ?? [],
            effectiveDate: d.effectiveDate,
          },
        },
      ]);
    }
    case 'ChangePositionRequirements':
      return decidePositionChange(command.data, state);
    case 'AbolishPosition': {
      const d = command.data;
      const position = state.positions.get(d.positionId);
      if (!position) return reject([notFound('position', d.positionId, 'positionId')]);
      const incomplete = decreeRefCompleteness(d.decree);
      if (incomplete) return reject([incomplete]);
      if (position.abolishedOn !== null) {
        return reject([
          {
            code: 'POSITION_CLOSED',
            message: `position ${d.positionId} was abolished on ${position.abolishedOn}`,
          },
        ]);
      }
      return checked(
        state,
        ctx,
        [{ type: 'PositionAbolished', data: { ...d } }],
        [],
        [d.positionId],
        d.effectiveDate,
      );
    }
    case 'RegisterEmployee': {
      const d = command.data;
      const identity = checkIdentityNumber(d.nip, d.kind, ctx.today);
      const violations: Violation[] = [];
      if (!identity.ok) violations.push({ code: 'NIP_INVALID', field: 'nip', message: identity.reason });
      else {
        if (d.birthDate && d.birthDate !== identity.facts.birthDate) {
          violations.push({
            code: 'NIP_INVALID',
            field: 'birthDate',
            message: `birth date ${d.birthDate} disagrees with ${identity.facts.birthDate} in NIP ${d.nip}`,
          });
        }
        if (d.sex && d.sex !== identity.facts.sex) {
          violations.push({
            code: 'NIP_INVALID',
            field: 'sex',
            message: `sex ${d.sex} disagrees with NIP ${d.nip}`,
          });
        }
      }
      if (state.employees.has(d.nip)) {
        violations.push({
          code: 'EMPLOYEE_EXISTS',
          field: 'nip',
          message: `NIP ${d.nip} is already registered`,
        });
      }
      if (!isValidRank(d.rank, d.kind)) {
        violations.push({ code: 'RANK_INVALID', field: 'rank', message: rankMessage(d.rank, d.kind) });
      }
      if (violations.length > 0 || !identity.ok) return reject(violations);
      return accept([
        {
          type: 'EmployeeRegistered',
          data: {
            nip: d.nip,
            name: d.name,
            kind: d.kind,
            rank: d.rank,
            joinedOn: d.joinedOn,
            birthDate: identity.facts.birthDate,
            sex: identity.facts.sex,
          },
        },
      ]);
    }
    case 'PromoteEmployee': {
      const d = command.data;
      const employee = state.employees.get(d.nip);
      if (!employee) return reject([notFound('employee', d.nip, 'nip')]);
      const violations: Violation[] = [];
      if (!isValidRank(d.rank, employee.kind)) {
        violations.push({ code: 'RANK_INVALID', field: 'rank', message: rankMessage(d.rank, employee.kind) });
      }
      const incomplete = decreeRefCompleteness(d.decree);
      if (incomplete) violations.push(incomplete);
      if (employee.separation && d.effectiveDate >= employee.separation.effectiveDate) {
        violations.push(notActive(d.nip, employee.separation.effectiveDate));
      }
      if (violations.length > 0) return reject(violations);
      const previousRank = employee.ranks.at(-1)?.value ?? '';
      return accept(
        [{ type: 'EmployeePromoted', data: { ...d, previousRank } }],
        retroactive(d.effectiveDate, d.decree.signedOn),
      );
    }
    case 'RecordAbsence': {
      const d = command.data;
      const employee = state.employees.get(d.nip);
      if (!employee) return reject([notFound('employee', d.nip, 'nip')]);
      if (d.to < d.from) {
        return reject([
          { code: 'VALIDATION_FAILED', field: 'to', message: `to ${d.to} is before from ${d.from}` },
        ]);
      }
      if (employee.separation && d.from >= employee.separation.effectiveDate) {
        return reject([notActive(d.nip, employee.separation.effectiveDate)]);
      }
      return accept([{ type: 'AbsenceRecorded', data: { ...d } }]);
    }
    case 'RecordDiscipline': {
      const d = command.data;
      const employee = state.employees.get(d.nip);
      if (!employee) return reject([notFound('employee', d.nip, 'nip')]);
      if (d.to < d.from) {
        return reject([
          { code: 'VALIDATION_FAILED', field: 'to', message: `to ${d.to} is before from ${d.from}` },
        ]);
      }
      const incomplete = decreeRefCompleteness(d.decree);
      if (incomplete) return reject([incomplete]);
      if (employee.separation && d.from >= employee.separation.effectiveDate) {
        return reject([notActive(d.nip, employee.separation.effectiveDate)]);
      }
      return accept([{ type: 'DisciplineRecorded', data: { ...d } }]);
    }
    case 'SeparateEmployee': {
      const d = command.data;
      const employee = state.employees.get(d.nip);
      if (!employee) return reject([notFound('employee', d.nip, 'nip')]);
      const incomplete = decreeRefCompleteness(d.decree);
      if (incomplete) return reject([incomplete]);
      if (employee.separation) return reject([notActive(d.nip, employee.separation.effectiveDate)]);
      return checked(
        state,
        ctx,
        [{ type: 'EmployeeSeparated', data: { ...d } }],
        [d.nip],
        [],
        d.effectiveDate,
      );
    }
    case 'IssueDecree':
      return decideDecree(command, state, ctx);
    case 'AnnulDecree':
      return decideAnnulment(command, state, ctx);
  }
}

function accept(events: StaffingEvent[], warnings: Warning[] = []): Decision<StaffingEvent> {
  return { ok: true, events, warnings };
}

const unitClosed = (unitId: string, dissolvedOn: IsoDate, field?: string): Violation => ({
  code: 'UNIT_CLOSED',
  field,
  message: `unit ${unitId} is dissolved from ${dissolvedOn}`,
});

/**
 * UNIT_CLOSED when the unit does not exist on `date` (not established yet, or dissolved by then) or, when
 * something is to stay in it from `date` on (`staysOpen`), when it is dissolved at all.
 */
function closedOn(
  unit: UnitRecord,
  date: IsoDate,
  options: { field?: string; establishedField?: string; staysOpen?: boolean },
): Violation | undefined {
  const { field, establishedField = field, staysOpen = false } = options;
  if (unit.dissolvedOn && (staysOpen || unit.dissolvedOn <= date)) {
    return unitClosed(unit.unitId, unit.dissolvedOn, field);
  }
  if (unit.establishedOn > date) {
    return {
      code: 'UNIT_CLOSED',
      field: establishedField,
      message: `unit ${unit.unitId} is established only on ${unit.establishedOn}`,
    };
  }
  return undefined;
}

/** A rename and/or a move in the tree; the tree must stay a tree on every day from the change on. */
function decideChangeUnit(d: ChangeUnit['data'], state: StaffingState): Decision<StaffingEvent> {
  const unit = state.units.get(d.unitId);
  if (!unit) return reject([notFound('unit', d.unitId, 'unitId')]);
  if (d.name === undefined && d.parentId === undefined) {
    return reject([{ code: 'VALIDATION_FAILED', field: 'name', message: 'name or parentId is required' }]);
  }
  const closed = closedOn(unit, d.effectiveDate, { establishedField: 'effectiveDate' });
  if (closed) return reject([closed]);
  const { basis, effectiveDate } = d;
  const events: StaffingEvent[] = [];
  if (d.name !== undefined) {
    events.push({ type: 'UnitRenamed', data: { unitId: d.unitId, name: d.name, effectiveDate, basis } });
  }
  if (d.parentId !== undefined) {
    const parentId = d.parentId;
    if (parentId !== null) {
      const parent = state.units.get(parentId);
      if (!parent) return reject([notFound('unit', parentId, 'parentId')]);
      const parentClosed = closedOn(parent, effectiveDate, { field: 'parentId', staysOpen: true });
      if (parentClosed) return reject([parentClosed]);
      const moved: UnitRecord = {
        ...unit,
        moves: withDated(unit.moves ?? [], { from: effectiveDate, value: parentId }),
      };
      const cycle = firstCycle(
        d.unitId,
        effectiveDate,
        (id) => (id === d.unitId ? moved : state.units.get(id)),
        state.units.values(),
      );
      if (cycle !== undefined) {
        return reject([
          {
            code: 'UNIT_CYCLE',
            field: 'parentId',
            message: `on ${cycle} unit ${parentId} would be ${d.unitId} itself or below it`,
          },
        ]);
      }
    }
    events.push({ type: 'UnitMoved', data: { unitId: d.unitId, parentId, effectiveDate, basis } });
  }
  return accept(events);
}

/** New kebutuhan or required trainings, and/or a move to another unit, from a date. */
function decidePositionChange(
  d: ChangePositionRequirements['data'],
  state: StaffingState,
): Decision<StaffingEvent> {
  const position = state.positions.get(d.positionId);
  if (!position) return reject([notFound('position', d.positionId, 'positionId')]);
  const { unitId, ...requirements } = d;
  const events: StaffingEvent[] = [];
  if (unitId === undefined || d.kebutuhan !== undefined || d.requiredTrainings !== undefined) {
    events.push({ type: 'PositionRequirementsChanged', data: requirements });
  }
  if (unitId !== undefined) {
    const unit = state.units.get(unitId);
    if (!unit) return reject([notFound('unit', unitId, 'unitId')]);
    if (!positionOpenAt(position, d.effectiveDate)) {
      return reject([
        {
          code: 'POSITION_CLOSED',
          message: `position ${d.positionId} is open only from ${position.establishedOn}${position.abolishedOn ? ` until ${position.abolishedOn}` : ''}`,
        },
      ]);
    }
    const unitClosedOn = closedOn(unit, d.effectiveDate, { field: 'unitId', staysOpen: true });
    if (unitClosedOn) return reject([unitClosedOn]);
    events.push({
      type: 'PositionMoved',
      data: { positionId: d.positionId, unitId, effectiveDate: d.effectiveDate, basis: d.basis },
    });
  }
  return accept(events);
}

const notFound = (what: string, id: string, field?: string): Violation => ({
  code: 'NOT_FOUND',
  field,
  message: `${what} ${id} does not exist`,
});
const exists = (what: string, id: string, field: string): Violation => ({
  code: 'ALREADY_EXISTS',
  field,
  message: `${what} ${id} already exists`,
});
const notActive = (nip: string, since: string): Violation => ({
  code: 'EMPLOYEE_NOT_ACTIVE',
  message: `${nip} left service on ${since}`,
});
const rankMessage = (rank: string, kind: string): string =>
  kind.startsWith('PPPK')
    ? `golongan ${rank} is not a PPPK golongan (I to XVII)`
    : `pangkat ${rank} is not a PNS pangkat (I/a to IV/e)`;

function retroactive(effectiveDate: string, signedOn: string | undefined, line?: number): Warning[] {
  return signedOn && effectiveDate < signedOn
    ? [
        {
          code: 'RETROACTIVE',
          line,
          message: `TMT ${effectiveDate} is earlier than the decree date ${signedOn}`,
        },
      ]
    : [];
}

/** Folds the events into a draft and reports the timeline findings that the events introduce. */
function checked(
  state: StaffingState,
  ctx: DecideContext,
  events: StaffingEvent[],
  nips: string[],
  positionIds: string[],
  from: IsoDate,
  lineOf?: (finding: Finding) => number | undefined,
  warnings: Warning[] = [],
): Decision<StaffingEvent> {
  const draft = draftOf(state);
  let revision = state.revision;
  for (const event of events) evolveStaffing(draft, event, ++revision);
  const violations = newFindings(state, draft, nips, positionIds, ctx, from).map((f): Violation => ({
    code: f.code,
    message: f.message,
    line: lineOf?.(f),
  }));
  return violations.length > 0 ? reject(violations, warnings) : accept(events, warnings);
}

/**
 * Findings on the draft that the base state does not have: the ones this command causes. Only the
 * positions whose timeline the command changes are checked (those it names, and those where an
 * employee's interval differs between base and draft), from `from` (the earliest date it touches) on,
 * so the cost follows the command, not the length of the history.
 */
function newFindings(
  base: StaffingState,
  draft: StaffingState,
  nips: string[],
  positionIds: string[],
  ctx: DecideContext,
  from: IsoDate,
): Finding[] {
  const positions = new Set(positionIds);
  for (const nip of nips) {
    const before = segmentKeys(base, nip);
    const after = segmentKeys(draft, nip);
    for (const [key, positionId] of before) if (!after.has(key)) positions.add(positionId);
    for (const [key, positionId] of after) if (!before.has(key)) positions.add(positionId);
  }
  const collect = (s: StaffingState): Finding[] => [
    ...nips.flatMap((nip) => checkEmployeeTimeline(s, nip, ctx.config)),
    ...[...positions].flatMap((id) => checkPositionTimeline(s, id, from)),
  ];
  const before = new Set(collect(base).map(findingKey));
  const seen = new Set<string>();
  return collect(draft).filter((f) => {
    const key = findingKey(f);
    if (before.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The employee's placement intervals, keyed by what a position check sees of them. */
function segmentKeys(state: StaffingState, nip: string): Map<string, string> {
  const keys = new Map<string, string>();
  const employee = state.employees.get(nip);
  if (employee) {
    for (const s of placementSegments(state, employee))
      keys.set(`${s.positionId}|${s.from}|${s.to}|${s.factId}`, s.positionId);
  }
  return keys;
}

/** The earliest effective date among decree lines; '' (the whole timeline) if a line has none. */
function earliestDate(lines: DecreeLine[]): IsoDate {
  let earliest: IsoDate | null = null;
  for (const line of lines) {
    if (!('effectiveDate' in line) || !line.effectiveDate) return '';
    if (earliest === null || line.effectiveDate < earliest) earliest = line.effectiveDate;
  }
  return earliest ?? '';
}

function findActing(
  state: StaffingState,
  nip: string,
  positionId: string,
  at?: string,
): ActingFact | undefined {
  const employee = state.employees.get(nip);
  let found: ActingFact | undefined;
  for (const id of employee?.actingIds ?? []) {
    const acting = state.actings.get(id);
    if (!acting || acting.positionId !== positionId) continue;
    if (acting.changes.some((c) => c.kind === 'END')) continue;
    const period = actingInForceFrom(state, acting);
    if (at !== undefined && !within(at, period.from, period.to)) continue;
    if (!found || acting.from > found.from) found = acting;
  }
  return found;
}

function lineEvent(
  draft: StaffingState,
  decreeId: string,
  line: DecreeLine,
  index: number,
): StaffingEvent | Violation {
  const ref = { decreeId, line: index, nip: line.nip };
  const employee = draft.employees.get(line.nip);
  if (!employee) return { ...notFound('employee', line.nip, `lines.${index}.nip`), line: index };
  if (line.type === 'REDEPLOY') {
    if (!draft.units.has(line.unitId))
      return { ...notFound('unit', line.unitId, `lines.${index}.unitId`), line: index };
    if (line.endDate <= line.effectiveDate) {
      return invalid(
        index,
        'endDate',
        `endDate ${line.endDate} must be after effectiveDate ${line.effectiveDate}`,
      );
    }
    const target = peek(draft.units, line.unitId)!;
    // The unit must exist on every day of the redeployment (endDate is the day back home).
    if (
      !unitOpenOn(target, line.effectiveDate) ||
      (target.dissolvedOn && target.dissolvedOn < line.endDate)
    ) {
      return {
        code: 'UNIT_CLOSED',
        field: `lines.${index}.unitId`,
        line: index,
        message: `unit ${line.unitId} does not exist on every day from ${line.effectiveDate} to ${line.endDate}`,
      };
    }
    const home = segmentAt(draft, employee, line.effectiveDate);
    const homePosition = home ? peek(draft.positions, home.positionId) : undefined;
    const fromUnitId = homePosition ? positionUnitOn(homePosition, line.effectiveDate) : '';
    return {
      type: 'EmployeeRedeployed',
      data: {
        ...ref,
        unitId: line.unitId,
        fromUnitId,
        effectiveDate: line.effectiveDate,
        endDate: line.endDate,
      },
    };
  }
  const position = draft.positions.get(line.positionId);
  if (!position)
    return { ...notFound('position', line.positionId, `lines.${index}.positionId`), line: index };
  switch (line.type) {
    case 'APPOINT':
      return {
        type: 'EmployeeAppointed',
        data: {
          ...ref,
          positionId: line.positionId,
          unitId: positionUnitOn(position, line.effectiveDate),
          effectiveDate: line.effectiveDate,
        },
      };
    case 'REASSIGN':
      return {
        type: 'EmployeeReassigned',
        data: {
          ...ref,
          positionId: line.positionId,
          unitId: positionUnitOn(position, line.effectiveDate),
          fromPositionId: segmentAt(draft, employee, line.effectiveDate)?.positionId ?? null,
          moveKind: line.moveKind,
          effectiveDate: line.effectiveDate,
        },
      };
    case 'ACTING':
      if (line.endDate < line.effectiveDate) {
        return invalid(
          index,
          'endDate',
          `endDate ${line.endDate} is before effectiveDate ${line.effectiveDate}`,
        );
      }
      return {
        type: 'ActingAssigned',
        data: {
          ...ref,
          positionId: line.positionId,
          unitId: positionUnitOn(position, line.effectiveDate),
          role: line.role,
          effectiveDate: line.effectiveDate,
          endDate: line.endDate,
        },
      };
    case 'EXTEND_ACTING': {
      const acting = findActing(draft, line.nip, line.positionId);
      if (!acting) return actingNotFound(line, index);
      const previousEndDate = addDays(actingPeriod(acting).to, -1);
      if (line.endDate <= previousEndDate) {
        return invalid(
          index,
          'endDate',
          `endDate ${line.endDate} does not extend the acting period ending ${previousEndDate}`,
        );
      }
      return {
        type: 'ActingExtended',
        data: {
          ...ref,
          positionId: line.positionId,
          actingId: acting.actingId,
          previousEndDate,
          endDate: line.endDate,
        },
      };
    }
    case 'END_ACTING': {
      const acting = findActing(draft, line.nip, line.positionId, line.effectiveDate);
      if (!acting) return actingNotFound(line, index, line.effectiveDate);
      return {
        type: 'ActingEnded',
        data: {
          ...ref,
          positionId: line.positionId,
          actingId: acting.actingId,
          effectiveDate: line.effectiveDate,
        },
      };
    }
  }
}

const invalid = (line: number, field: string, message: string): Violation => ({
  code: 'VALIDATION_FAILED',
  field: `lines.${line}.${field}`,
  line,
  message,
});

function actingNotFound(line: DecreeLine & { positionId: string }, index: number, at?: string): Violation {
  return {
    code: 'ACTING_NOT_FOUND',
    line: index,
    message: `${line.nip} has no acting assignment on ${line.positionId}${at ? ` on ${at}` : ''}`,
  };
}

function positionOf(line: DecreeLine): string | undefined {
  return 'positionId' in line ? line.positionId : undefined;
}

function decideDecree(
  command: IssueDecree,
  state: StaffingState,
  ctx: DecideContext,
): Decision<StaffingEvent> {
  const { decreeId, decree, lines } = command.data;
  const violations: Violation[] = [];
  if (state.decrees.has(decreeId)) return reject([exists('decree', decreeId, 'decreeId')]);
  if (decree.number && state.annulledDecreeNumbers.has(decree.number)) {
    violations.push({ code: 'DECREE_ANNULLED', message: `decree ${decree.number} has been annulled` });
  }
  lines.forEach((line, i) => {
    const incomplete = decreeCompleteness(decree, line, i);
    if (incomplete) violations.push(incomplete);
  });
  violations.push(...signerViolations(state, command));
  violations.push(...electionWindowViolations(state, command, ctx));

  // Lines are folded one by one so that a later line sees the earlier ones (an ACTING then its extension).
  const draft = draftOf(state);
  let revision = state.revision;
  const opening: StaffingEvent = {
    type: 'DecreeIssued',
    data: { decreeId, decree, lineCount: lines.length },
  };
  evolveStaffing(draft, opening, ++revision);
  const events: StaffingEvent[] = [opening];
  lines.forEach((line, i) => {
    const event = lineEvent(draft, decreeId, line, i);
    if ('code' in event) violations.push(event);
    else {
      evolveStaffing(draft, event, ++revision);
      events.push(event);
    }
  });
  if (violations.some((v) => v.code === 'NOT_FOUND' || v.code === 'VALIDATION_FAILED'))
    return reject(violations);

  const nips = [...new Set(lines.map((l) => l.nip))];
  const positionIds = [...new Set(lines.map(positionOf).filter((p): p is string => p !== undefined))];
  const lineOf = (f: Finding): number | undefined => {
    const [id, n] = f.factId.split('#');
    if (id === decreeId) return Number(n);
    const i = lines.findIndex((l) => l.nip === f.nip || (f.positionId && positionOf(l) === f.positionId));
    return i < 0 ? undefined : i;
  };
  for (const f of newFindings(state, draft, nips, positionIds, ctx, earliestDate(lines))) {
    violations.push({ code: f.code, message: f.message, line: lineOf(f) });
  }
  const warnings = decreeWarnings(state, draft, command, ctx);
  return violations.length > 0 ? reject(violations, warnings) : accept(events, warnings);
}

/** SIGNER_NOT_AUTHORISED: a placement decree signed by someone who holds their post only as Plt/Plh. */
function signerViolations(state: StaffingState, command: IssueDecree): Violation[] {
  const { decree, lines } = command.data;
  const signerNip = decree.signer?.nip;
  const signedOn = decree.signedOn;
  if (!signerNip || !signedOn || !lines.some(isPlacementLine)) return [];
  const signer = state.employees.get(signerNip);
  if (!signer) return [];
  for (const id of signer.actingIds) {
    const acting = state.actings.get(id);
    if (!acting) continue;
    const period = actingInForceFrom(state, acting);
    if (within(signedOn, period.from, period.to)) {
      return [
        {
          code: 'SIGNER_NOT_AUTHORISED',
          field: 'decree.signer',
          message: `signer ${signerNip} is only ${acting.role} of ${acting.positionId} on ${signedOn}; a Plt/Plh may not sign placements`,
        },
      ];
    }
  }
  return [];
}

/** ELECTION_WINDOW: replacing a manajerial holder inside a configured window needs a Mendagri approval. */
function electionWindowViolations(
  state: StaffingState,
  command: IssueDecree,
  ctx: DecideContext,
): Violation[] {
  const { decree, lines } = command.data;
  if (decree.mendagriApproval || ctx.config.electionWindows.length === 0) return [];
  const violations: Violation[] = [];
  lines.forEach((line, i) => {
    if (line.type !== 'APPOINT' && line.type !== 'REASSIGN') return;
    const window = ctx.config.electionWindows.find(
      (w) => w.from <= line.effectiveDate && line.effectiveDate <= w.to,
    );
    if (!window) return;
    const dayBefore = addDays(line.effectiveDate, -1);
    const target = state.positions.get(line.positionId);
    const replacesHolder =
      target !== undefined &&
      isManajerial(target.kind) &&
      holderSegments(state, line.positionId).some(
        (h) => h.nip !== line.nip && within(dayBefore, h.from, h.to),
      );
    const employee = state.employees.get(line.nip);
    const leaving = employee ? segmentAt(state, employee, dayBefore) : undefined;
    const leavesManajerial =
      leaving !== undefined && isManajerial(state.positions.get(leaving.positionId)!.kind);
    if (replacesHolder || (line.type === 'REASSIGN' && leavesManajerial)) {
      violations.push({
        code: 'ELECTION_WINDOW',
        line: i,
        message: `TMT ${line.effectiveDate} is inside the election window ${window.from}..${window.to}; replacing a manajerial holder needs decree.mendagriApproval`,
      });
    }
  });
  return violations;
}

function decideAnnulment(
  command: AnnulDecree,
  state: StaffingState,
  ctx: DecideContext,
): Decision<StaffingEvent> {
  const { decreeId, reason, decree } = command.data;
  const target = state.decrees.get(decreeId);
  if (!target) return reject([notFound('decree', decreeId, 'decreeId')]);
  if (target.annulled) {
    return reject([
      {
        code: 'DECREE_ANNULLED',
        message: `decree ${decreeId} was already annulled at ${target.annulled.annulledAt}`,
      },
    ]);
  }
  if (!decree.number?.trim()) {
    return reject([{ code: 'DECREE_INCOMPLETE', message: 'the annulling decree needs a number' }]);
  }
  const nips = [...new Set(target.lines.map((l) => l.nip))];
  const positionIds = [...new Set(target.lines.map(positionOf).filter((p): p is string => p !== undefined))];
  const event: StaffingEvent = {
    type: 'DecreeAnnulled',
    data: { decreeId, reason, decree, annulledAt: ctx.now },
  };
  return checked(state, ctx, [event], nips, positionIds, earliestDate(target.lines));
}
