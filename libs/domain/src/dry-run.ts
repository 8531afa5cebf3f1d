import type { IssueDecree } from './commands';
import type { DecideContext, Violation, Warning } from './decision';
import { decideStaffing } from './decide-staffing';
import type { StaffingState } from './state';

export interface DryRun {
  valid: boolean;
  violations: Violation[];
  warnings: Warning[];
  changes: {
    nip: string;
    positionId: string | null;
    from: string | null;
    to: string | null;
    effectiveDate: string | null;
  }[];
}

/** What a decree would change, and whether it may, without writing anything. */
export function dryRunDecree(command: IssueDecree, state: StaffingState, ctx: DecideContext): DryRun {
  const decision = decideStaffing(command, state, ctx);
  if (!decision.ok)
    return { valid: false, violations: decision.violations, warnings: decision.warnings, changes: [] };
  const changes: DryRun['changes'] = [];
  for (const event of decision.events) {
    switch (event.type) {
      case 'EmployeeAppointed':
        changes.push({
          nip: event.data.nip,
          positionId: event.data.positionId,
          from: null,
          to: event.data.positionId,
          effectiveDate: event.data.effectiveDate,
        });
        break;
      case 'EmployeeReassigned':
        changes.push({
          nip: event.data.nip,
          positionId: event.data.positionId,
          from: event.data.fromPositionId,
          to: event.data.positionId,
          effectiveDate: event.data.effectiveDate,
        });
        break;
      case 'ActingAssigned':
        changes.push({
          nip: event.data.nip,
          positionId: event.data.positionId,
          from: null,
          to: event.data.positionId,
          effectiveDate: event.data.effectiveDate,
        });
        break;
      case 'ActingExtended':
        changes.push({
          nip: event.data.nip,
          positionId: event.data.positionId,
          from: event.data.positionId,
          to: event.data.positionId,
          effectiveDate: event.data.previousEndDate,
        });
        break;
      case 'ActingEnded':
        changes.push({
          nip: event.data.nip,
          positionId: event.data.positionId,
          from: event.data.positionId,
          to: null,
          effectiveDate: event.data.effectiveDate,
        });
        break;
      case 'EmployeeRedeployed':
        changes.push({
          nip: event.data.nip,
          positionId: null,
          from: event.data.fromUnitId,
          to: event.data.unitId,
          effectiveDate: event.data.effectiveDate,
        });
        break;
      default:
        break;
    }
  }
  return { valid: true, violations: [], warnings: decision.warnings, changes };
}
