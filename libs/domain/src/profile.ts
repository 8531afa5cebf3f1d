import { addDays, addMonths, daysBetween, within } from './dates';
import type { DomainConfig, Warning } from './decision';
import type { EmployeeDevState } from './employee-development';
import { isManajerial, leadershipTraining } from './position-kind';
import type { StaffingState } from './state';
import { actingInForce, retirementDateIn, segmentAt, valueAt } from './timeline';
import { positionUnitOn } from './units';
import type { IsoDate } from './vocabulary';

export type EmployeeStatus = 'ACTIVE' | 'RETIRED' | 'RESIGNED' | 'DISMISSED' | 'DECEASED' | 'TRANSFERRED_OUT';

const SEPARATION_STATUS: Record<string, EmployeeStatus> = {
  RETIREMENT: 'RETIRED',
  RESIGNATION: 'RESIGNED',
  DISMISSAL: 'DISMISSED',
  DEATH: 'DECEASED',
  TRANSFER_OUT: 'TRANSFERRED_OUT',
};

/** Annual training hours a PNS has the right and duty to (Perlan 10/2018). */
export const JP_MINIMUM = 20;

/** The employee profile of API.md (`GET /employees/{nip}`) as of a date. */
export function employeeProfile(
  state: StaffingState,
  dev: EmployeeDevState | undefined,
  nip: string,
  asOf: IsoDate,
  config: DomainConfig,
) {
  const employee = state.employees.get(nip);
  if (!employee) return undefined;
  const segment = segmentAt(state, employee, asOf);
  const position = segment ? state.positions.get(segment.positionId) : undefined;
  const retirementDate = retirementDateIn(employee, position);
  const separation = employee.separation;
  const status: EmployeeStatus =
    separation && separation.effectiveDate <= asOf
      ? SEPARATION_STATUS[separation.reason]
      : asOf >= retirementDate
        ? 'RETIRED'
        : 'ACTIVE';
  const acting = employee.actingIds
    .map((id) => state.actings.get(id)!)
    .filter(Boolean)
    .map((a) => ({ a, period: actingInForce(state, a) }))
    .filter(({ period }) => within(asOf, period.from, period.to))
    .map(({ a, period }) => ({
      positionId: a.positionId,
      role: a.role,
      from: period.from,
      until: addDays(period.to, -1),
    }));
  const redeployment = segment
    ? employee.redeployments.find((r) => within(asOf, r.from, r.endDate))
    : undefined;
  const trainings = dev?.trainings ?? [];
  const year = asOf.slice(0, 4);
  const trainingHoursThisYear = trainings
    .filter((t) => t.endDate.startsWith(year))
    .reduce((s, t) => s + t.hours, 0);
  const workArrangement =
    [...(dev?.workArrangements ?? [])]
      .reverse()
      .find((w) => w.from <= asOf && (w.to === null || asOf <= w.to)) ?? null;

  const warnings: Warning[] = [];
  if (status === 'ACTIVE') {
    if (retirementDate <= addMonths(asOf, config.retiringSoonMonths)) {
      warnings.push({ code: 'RETIRING_SOON', message: `retires on ${retirementDate}` });
    }
    if ((employee.kind === 'PNS' || employee.kind === 'CPNS') && trainingHoursThisYear < JP_MINIMUM) {
      warnings.push({
        code: 'JP_BELOW_MINIMUM',
        message: `${trainingHoursThisYear} JP in ${year}; a PNS needs at least ${JP_MINIMUM}`,
      });
    }
    if (position && segment) {
      const training = leadershipTraining(position.kind);
      const due = addMonths(segment.from, config.trainingMissingMonths);
      if (
        training &&
        isManajerial(position.kind) &&
        asOf >= due &&
        !trainings.some((t) => t.code === training)
      ) {
        warnings.push({
          code: 'TRAINING_MISSING',
          message: `holds a ${position.kind} post without ${training} since ${due}`,
        });
      }
      if (daysBetween(segment.from, asOf) / 30.44 > config.tenureMaxMonths) {
        warnings.push({ code: 'TENURE', message: `in the same post since ${segment.from}` });
      }
    }
  }
  return {
    nip,
    name: employee.name,
    kind: employee.kind,
    rank: valueAt(employee.ranks, asOf) ?? employee.ranks[0].value,
    status,
    position:
      position && segment
        ? {
            id: position.positionId,
            title: position.title,
            kind: position.kind,
            unitId: positionUnitOn(position, asOf),
            since: segment.from,
            decreeId: segment.decreeId,
          }
        : null,
    acting,
    redeployment: redeployment
      ? {
          unitId: redeployment.unitId,
          fromUnitId: redeployment.fromUnitId,
          from: redeployment.from,
          until: redeployment.endDate,
        }
      : null,
    retirementDate,
    trainingHoursThisYear,
    trainings,
    workArrangement,
    warnings,
  };
}

export type EmployeeProfile = NonNullable<ReturnType<typeof employeeProfile>>;
