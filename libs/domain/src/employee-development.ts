import type { EmployeeCommand } from './commands';
import { addMonths } from './dates';
import type { DecideContext, Decision, Violation } from './decision';
import type { EmployeeEvent, TrainingCompleted, WorkArrangementSet } from './events';
import type { EmployeeRecord } from './state';

/** The `employee-<nip>` stream: trainings and flexible-work arrangements. */
export interface EmployeeDevState {
  nip: string;
  revision: number;
  trainings: TrainingCompleted['data'][];
  workArrangements: WorkArrangementSet['data'][];
}

export function initialEmployeeDevState(nip: string): EmployeeDevState {
  return { nip, revision: -1, trainings: [], workArrangements: [] };
}

/** Mutates and returns `state`, like evolveStaffing. */
export function evolveEmployee(
  state: EmployeeDevState,
  event: EmployeeEvent,
  revision: number,
): EmployeeDevState {
  state.revision = revision;
  if (event.type === 'TrainingCompleted') state.trainings.push({ ...event.data });
  else state.workArrangements.push({ ...event.data, flexibleDays: [...event.data.flexibleDays] });
  return state;
}

/**
 * Decides a development command. `employee` is the employee as the staffing stream knows them
 * (registration and separation), which the rules need.
 */
export function decideEmployee(
  command: EmployeeCommand,
  _state: EmployeeDevState,
  employee: EmployeeRecord | undefined,
  ctx: DecideContext,
): Decision<EmployeeEvent> {
  const d = command.data;
  if (!employee) {
    return {
      ok: false,
      warnings: [],
      violations: [{ code: 'NOT_FOUND', field: 'nip', message: `employee ${d.nip} does not exist` }],
    };
  }
  const violations: Violation[] = [];
  const separation = employee.separation?.effectiveDate;
  if (command.type === 'CompleteTraining') {
    const t = command.data;
    if (!(t.hours > 0)) violations.push(trainingInvalid('hours', `JP must be more than 0, got ${t.hours}`));
    if (t.endDate < t.startDate) {
      violations.push(
        trainingInvalid('endDate', `training ends ${t.endDate}, before it starts ${t.startDate}`),
      );
    }
    if (t.endDate > ctx.today) {
      violations.push(trainingInvalid('endDate', `training completes ${t.endDate}, which is in the future`));
    }
    if (!t.certificateNumber?.trim()) {
      violations.push(
        trainingInvalid('certificateNumber', 'a completed training needs a certificate number'),
      );
    }
    if (separation && t.startDate >= separation) {
      violations.push({ code: 'EMPLOYEE_NOT_ACTIVE', message: `${t.nip} left service on ${separation}` });
    }
    if (violations.length > 0) return { ok: false, violations, warnings: [] };
    return { ok: true, warnings: [], events: [{ type: 'TrainingCompleted', data: { ...t } }] };
  }
  const w = command.data;
  if (w.to && w.to < w.from) {
    violations.push({
      code: 'VALIDATION_FAILED',
      field: 'to',
      message: `to ${w.to} is before from ${w.from}`,
    });
  }
  const days = new Set(w.flexibleDays);
  const locationFlexible = w.location !== 'OFFICE';
  if (locationFlexible && days.size > ctx.config.flexMaxDaysPerWeek) {
    violations.push({
      code: 'FLEX_LIMIT',
      field: 'flexibleDays',
      message: `location-flexible work on ${days.size} days a week; at most ${ctx.config.flexMaxDaysPerWeek} are allowed`,
    });
  }
  const eligibleFrom = addMonths(employee.joinedOn, ctx.config.flexMinServiceMonths);
  if (locationFlexible && w.from < eligibleFrom) {
    violations.push({
      code: 'FLEX_NOT_ELIGIBLE',
      message: `${w.nip} joined on ${employee.joinedOn}; flexible work is possible from ${eligibleFrom}`,
    });
  }
  // Under a disciplinary sanction on any day of the arrangement.
  const sanction = (employee.disciplines ?? []).find((d) => d.to >= w.from && (!w.to || d.from <= w.to));
  if (locationFlexible && sanction) {
    violations.push({
      code: 'FLEX_NOT_ELIGIBLE',
      message: `${w.nip} is under a disciplinary sanction (${sanction.level}) from ${sanction.from} to ${sanction.to}`,
    });
  }
  if (separation && w.from >= separation) {
    violations.push({ code: 'EMPLOYEE_NOT_ACTIVE', message: `${w.nip} left service on ${separation}` });
  }
  if (violations.length > 0) return { ok: false, violations, warnings: [] };
  return {
    ok: true,
    warnings: [],
    events: [{ type: 'WorkArrangementSet', data: { ...w, flexibleDays: [...days], to: w.to ?? null } }],
  };
}

const trainingInvalid = (field: string, message: string): Violation => ({
  code: 'TRAINING_INVALID',
  field,
  message,
});
