import {
  addDays,
  holderSegments,
  initialStaffingState,
  evolveStaffing,
  type StaffingCommand,
} from '@asn/domain';
import { holderSegmentsFrom } from '../../../libs/domain/src/timeline';
import { HistoryGenerator } from './generator';
import { seedHistory } from './seed';
import { trustedEvents } from './trusted-events';

describe('the history generator', () => {
  it('produces a history that decide accepts command by command, the same for the same seed', async () => {
    const first = await seedHistory(null, { employees: 600, years: 2, seed: 11 });
    const second = await seedHistory(null, { employees: 600, years: 2, seed: 11 });
    expect(first.byType.EmployeeReassigned).toBeGreaterThan(50);
    expect(first.byType.ActingAssigned).toBeGreaterThan(10);
    expect(first.byType.EmployeeSeparated).toBeGreaterThan(5);
    expect(first.largestDecree).toBeGreaterThanOrEqual(10);
    const { state: a, seconds: _a, ...summaryA } = first;
    const { state: b, seconds: _b, ...summaryB } = second;
    expect(summaryA).toEqual(summaryB);
    expect(a.revision).toBe(b.revision);
  }, 120_000);

  it('keeps the holder index exact: holders from a date equal the full scan cut at that date', () => {
    const generator = new HistoryGenerator({
      employees: 600,
      years: 100,
      startYear: 1950,
      staffingOnly: true,
      seed: 5,
    });
    const state = initialStaffingState();
    for (const cmd of generator.commands()) {
      for (const event of trustedEvents(cmd.command as StaffingCommand, state, cmd.recordedAt)) {
        evolveStaffing(state, event, state.revision + 1);
      }
      if (!generator.inSetup && state.revision > 40_000) break;
    }
    let compared = 0;
    for (const positionId of state.positions.keys()) {
      for (const back of [0, 90, 400, 2_000, 9_000]) {
        const from = addDays(generator.recordingDay, -back);
        const full = holderSegments(state, positionId).filter((s) => s.to === null || s.to > from);
        expect(holderSegmentsFrom(state, positionId, from)).toEqual(full);
        compared += full.length;
      }
    }
    expect(compared).toBeGreaterThan(1_000);
  }, 120_000);
});
