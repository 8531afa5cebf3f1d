import type { IssueDecree } from './commands';
import { addMonths, daysBetween, within } from './dates';
import type { DecideContext, Warning } from './decision';
import { isManajerial } from './position-kind';
import { rankOutsideRange } from './rank';
import type { StaffingState } from './state';
import { actingsOn, holderCountAt, retirementDateIn, segmentAt, valueAt } from './timeline';

/** What a decree's lines make worth reporting (DOMAIN.md, "Rules the engine only reports"). */
export function decreeWarnings(
  base: StaffingState,
  draft: StaffingState,
  command: IssueDecree,
  ctx: DecideContext,
): Warning[] {
  const { decree, lines } = command.data;
  const warnings: Warning[] = [];
  const { config } = ctx;
  lines.forEach((line, i) => {
    const at = 'effectiveDate' in line ? line.effectiveDate : undefined;
    if (at && decree.signedOn && at < decree.signedOn) {
      warnings.push({
        code: 'RETROACTIVE',
        line: i,
        message: `TMT ${at} is earlier than the decree date ${decree.signedOn}`,
      });
    }
    const employee = draft.employees.get(line.nip);
    if (!employee) return;
    if (line.type === 'APPOINT' || line.type === 'REASSIGN') {
      const position = draft.positions.get(line.positionId);
      if (!position) return;
      const before = base.employees.get(line.nip);
      const previous = before ? segmentAt(base, before, line.effectiveDate) : undefined;
      if (line.type === 'REASSIGN' && previous) {
        const months = daysBetween(previous.from, line.effectiveDate) / 30.44;
        if (months < config.tenureMinMonths) {
          warnings.push({
            code: 'TENURE',
            line: i,
            message: `${line.nip} moves after ${Math.floor(months)} months in post; the usual minimum is ${config.tenureMinMonths}`,
          });
        }
        warnings.push(...vacancyWarnings(draft, previous.positionId, line.effectiveDate, i));
      }
      const rank = valueAt(employee.ranks, line.effectiveDate) ?? employee.ranks[0]?.value;
      const range = rank ? rankOutsideRange(rank, position.kind) : null;
      if (range) {
        warnings.push({
          code: 'RANK_OUTSIDE_RANGE',
          line: i,
          message: `pangkat ${rank} is outside the usual ${range[0]}..${range[1]} of a ${position.kind} post`,
        });
      }
      const kebutuhan = valueAt(position.kebutuhan, line.effectiveDate) ?? 0;
      const bezetting = holderCountAt(draft, line.positionId, line.effectiveDate);
      if (!isManajerial(position.kind) && bezetting > kebutuhan) {
        warnings.push({
          code: 'OVERSTAFFED',
          line: i,
          message: `position ${line.positionId} has ${bezetting} holders against a kebutuhan of ${kebutuhan} from ${line.effectiveDate}`,
        });
      }
      const retire = retirementDateIn(employee, position);
      if (retire <= addMonths(line.effectiveDate, config.retiringSoonMonths)) {
        warnings.push({ code: 'RETIRING_SOON', line: i, message: `${line.nip} retires on ${retire}` });
      }
    }
    if (line.type === 'ACTING') {
      const untilDays = daysBetween(ctx.today, line.endDate);
      if (untilDays >= 0 && untilDays <= config.actingExpiringDays) {
        warnings.push({
          code: 'ACTING_EXPIRING',
          line: i,
          message: `${line.role} of ${line.positionId} ends on ${line.endDate}`,
        });
      }
      if (line.role === 'PLT') {
        const earlier = actingsOn(base, line.positionId).filter(
          (a) => a.role === 'PLT' && a.from < line.effectiveDate,
        );
        if (earlier.length > 0) {
          warnings.push({
            code: 'ACTING_EXPIRING',
            line: i,
            message: `successive Plt on ${line.positionId} (${earlier.length + 1} so far); the post needs a definitive holder`,
          });
        }
      }
    }
  });
  return warnings;
}

function vacancyWarnings(draft: StaffingState, positionId: string, at: string, line: number): Warning[] {
  const position = draft.positions.get(positionId);
  if (!position) return [];
  const holders = holderCountAt(draft, positionId, at);
  if (isManajerial(position.kind)) {
    if (holders > 0) return [];
    const covered = actingsOn(draft, positionId).some((a) => within(at, a.from, null) && a.endDate >= at);
    return [
      {
        code: 'VACANT',
        line,
        message: `position ${positionId} is vacant from ${at}${covered ? ', covered by an acting official' : '; no Plt covers it'}`,
      },
    ];
  }
  const kebutuhan = valueAt(position.kebutuhan, at) ?? 0;
  return holders < kebutuhan
    ? [
        {
          code: 'UNDERSTAFFED',
          line,
          message: `position ${positionId} has ${holders} holders against ${kebutuhan} from ${at}`,
        },
      ]
    : [];
}
