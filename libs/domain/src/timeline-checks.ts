import { addMonths, overlaps, within } from './dates';
import type { RuleCode } from './decision';
import { isManajerial, mayActIn } from './position-kind';
import type { ActingFact, StaffingState } from './state';
import type { IsoDate } from './vocabulary';
import {
  actingInForceFrom,
  actingPeriod,
  actingsOn,
  holderSegmentsFrom,
  isAbsentThroughout,
  placementSegments,
  positionOpenAt,
  retirementDateIn,
  segmentAt,
} from './timeline';
import type { DomainConfig } from './decision';

/** A rule broken somewhere on the timeline, tied to the fact (decree line) that breaks it. */
export interface Finding {
  code: RuleCode;
  message: string;
  /** `decreeId#line` of the offending fact. */
  factId: string;
  nip?: string;
  positionId?: string;
}

export const findingKey = (f: Finding): string =>
  `${f.code}|${f.factId}|${f.nip ?? ''}|${f.positionId ?? ''}`;

/** Every placement rule about one employee, over the whole timeline. */
export function checkEmployeeTimeline(state: StaffingState, nip: string, config: DomainConfig): Finding[] {
  const employee = state.employees.get(nip);
  if (!employee) return [];
  const findings: Finding[] = [];
  const separation = employee.separation?.effectiveDate ?? null;
  let placed: string | null = null;
  let retiredOn: string | null = null;
  for (const fact of employee.placements) {
    const at = fact.effectiveDate;
    const position = state.positions.get(fact.positionId);
    const base = { factId: fact.factId, nip, positionId: fact.positionId };
    if (separation !== null && at >= separation) {
      findings.push({
        ...base,
        code: 'EMPLOYEE_NOT_ACTIVE',
        message: `${nip} left service on ${separation}`,
      });
      continue;
    }
    if (placed !== null) {
      const current = retirementDateIn(employee, state.positions.get(placed));
      if (at >= current) retiredOn = current;
    }
    const retire = retirementDateIn(employee, position);
    if (retiredOn !== null || at >= retire) {
      const date = retiredOn ?? retire;
      findings.push({
        ...base,
        code: 'AFTER_RETIREMENT',
        message: `${nip} retires on ${date}; TMT ${at} is not before it`,
      });
      continue;
    }
    if (!position || !positionOpenAt(position, at)) {
      findings.push({
        ...base,
        code: 'POSITION_CLOSED',
        message: `position ${fact.positionId} is not open on ${at}`,
      });
    }
    if (fact.kind === 'APPOINT' && placed !== null) {
      findings.push({
        ...base,
        code: 'ALREADY_PLACED',
        message: `${nip} already holds position ${placed} on ${at}; use REASSIGN to move them`,
      });
    }
    if (fact.kind === 'REASSIGN' && placed === null) {
      findings.push({
        ...base,
        code: 'NOT_PLACED',
        message: `${nip} holds no definitive position on ${at}; use APPOINT for a first placement`,
      });
    }
    placed = fact.positionId;
  }

  for (const r of employee.redeployments) {
    const base = { factId: r.factId, nip };
    if (separation !== null && r.from >= separation) {
      findings.push({
        ...base,
        code: 'EMPLOYEE_NOT_ACTIVE',
        message: `${nip} left service on ${separation}`,
      });
    } else if (!segmentAt(state, employee, r.from)) {
      findings.push({
        ...base,
        code: 'NOT_PLACED',
        message: `${nip} holds no definitive position on ${r.from}`,
      });
    }
  }

  for (const id of employee.actingIds) {
    const acting = state.actings.get(id);
    if (!acting) continue;
    findings.push(...checkActingHolder(state, acting.actingId, config));
  }
  return findings;
}

function checkActingHolder(state: StaffingState, actingId: string, config: DomainConfig): Finding[] {
  const acting = state.actings.get(actingId)!;
  const employee = state.employees.get(acting.nip)!;
  const base = { factId: acting.actingId, nip: acting.nip, positionId: acting.positionId };
  const findings: Finding[] = [];
  const separation = employee.separation?.effectiveDate ?? null;
  if (separation !== null && acting.from >= separation) {
    return [{ ...base, code: 'EMPLOYEE_NOT_ACTIVE', message: `${acting.nip} left service on ${separation}` }];
  }
  const segment = segmentAt(state, employee, acting.from);
  const own = segment ? state.positions.get(segment.positionId) : undefined;
  const retire = retirementDateIn(employee, own);
  const lastSegment = placementSegments(state, employee).at(-1);
  if (
    acting.from >= retire ||
    (lastSegment?.endedBy === 'RETIREMENT' && acting.from >= (lastSegment.to ?? ''))
  ) {
    return [{ ...base, code: 'AFTER_RETIREMENT', message: `${acting.nip} has retired by ${acting.from}` }];
  }
  const target = state.positions.get(acting.positionId);
  if (target && isManajerial(target.kind)) {
    if (!own) {
      findings.push({
        ...base,
        code: 'ACTING_LEVEL',
        message: `${acting.nip} holds no definitive position on ${acting.from}, so cannot act as ${acting.role}`,
      });
    } else if (!mayActIn(own.kind, own.level, target.kind)) {
      findings.push({
        ...base,
        code: 'ACTING_LEVEL',
        message: `a ${own.kind}${own.level ? ` ${own.level}` : ''} holder may not act in a ${target.kind} post`,
      });
    }
  }
  const period = actingPeriod(acting);
  const limit = addMonths(acting.from, config.actingMaxMonths);
  if (acting.endDate > limit) {
    findings.push({
      ...base,
      code: 'ACTING_TOO_LONG',
      message: `${acting.role} from ${acting.from} to ${acting.endDate} is longer than ${config.actingMaxMonths} months`,
    });
  }
  if (period.extensions > config.actingMaxExtensions) {
    findings.push({
      ...base,
      code: 'ACTING_TOO_LONG',
      message: `${acting.role} of ${acting.nip} is extended more than ${config.actingMaxExtensions} time(s)`,
    });
  }
  let previousEnd = acting.endDate;
  for (const change of acting.changes) {
    if (change.kind !== 'EXTEND') continue;
    if (change.date > addMonths(previousEnd, config.actingExtensionMaxMonths)) {
      findings.push({
        ...base,
        factId: `${change.decreeId}#${change.line}`,
        code: 'ACTING_TOO_LONG',
        message: `extension to ${change.date} is longer than ${config.actingExtensionMaxMonths} months`,
      });
    }
    previousEnd = change.date;
  }
  return findings;
}

/** An acting assignment may be in force on or after `date` (cheap bound: no date arithmetic). */
function mayReach(acting: ActingFact, date: IsoDate): boolean {
  if (acting.endDate >= date) return true;
  return acting.changes.some((c) => c.date >= date);
}

/**
 * Holder and acting rules about one position, over the timeline from `from` on (the whole timeline when
 * `from` is ''). Intervals that ended before `from` are left out: a command that changes nothing before
 * `from` cannot add a finding there, and leaving them out of both sides of the comparison changes nothing.
 */
export function checkPositionTimeline(
  state: StaffingState,
  positionId: string,
  from: IsoDate = '',
): Finding[] {
  const position = state.positions.get(positionId);
  if (!position) return [];
  const findings: Finding[] = [];
  // Holders matter only to manajerial posts (one holder at a time; Plt and Plh rules): a pelaksana or
  // fungsional post may have hundreds, and every acting on it is refused before its holder is looked at.
  const manajerial = isManajerial(position.kind);
  const holders = manajerial ? holderSegmentsFrom(state, positionId, from) : [];
  if (manajerial) {
    for (let i = 1; i < holders.length; i++) {
      for (let j = 0; j < i; j++) {
        const [a, b] = [holders[j], holders[i]];
        if (a.nip === b.nip || !overlaps(a.from, a.to, b.from, b.to)) continue;
        findings.push({
          code: 'POSITION_OCCUPIED',
          message: `position ${positionId} is held by ${a.nip} from ${a.from}; ${b.nip} cannot hold it from ${b.from}`,
          factId: b.factId,
          nip: b.nip,
          positionId,
        });
      }
    }
  }
  const actings = actingsOn(state, positionId).filter((a) => from === '' || mayReach(a, from));
  const periods = actings.map((a) => actingInForceFrom(state, a));
  actings.forEach((acting, i) => {
    const base = { factId: acting.actingId, nip: acting.nip, positionId };
    if (!manajerial) {
      findings.push({
        ...base,
        code: 'ACTING_NOT_MANAJERIAL',
        message: `${positionId} is a ${position.kind} position`,
      });
      return;
    }
    if (!positionOpenAt(position, acting.from)) {
      findings.push({
        ...base,
        code: 'POSITION_CLOSED',
        message: `position ${positionId} is not open on ${acting.from}`,
      });
    }
    for (let j = 0; j < i; j++) {
      if (overlaps(periods[j].from, periods[j].to, periods[i].from, periods[i].to)) {
        findings.push({
          ...base,
          code: 'ACTING_TAKEN',
          message: `${actings[j].nip} is already ${actings[j].role} of ${positionId} from ${periods[j].from}`,
        });
      }
    }
    const holder = holders.find((h) => within(acting.from, h.from, h.to));
    if (acting.role === 'PLT' && holder) {
      findings.push({
        ...base,
        code: 'PLT_NOT_VACANT',
        message: `${positionId} has definitive holder ${holder.nip} on ${acting.from}; a Plt needs a vacancy`,
      });
    }
    if (acting.role === 'PLH') {
      const absent =
        holder && isAbsentThroughout(state.employees.get(holder.nip)!, periods[i].from, periods[i].to);
      if (!holder || !absent) {
        findings.push({
          ...base,
          code: 'PLH_HOLDER_PRESENT',
          message: holder
            ? `holder ${holder.nip} is not recorded as absent throughout ${periods[i].from}..${periods[i].to}`
            : `${positionId} has no definitive holder on ${acting.from}; appoint a Plt instead`,
        });
      }
    }
  });
  return findings;
}
