import {
  addDays,
  segmentAt,
  type DecreeLine,
  type StaffingCommand,
  type StaffingEvent,
  type StaffingState,
} from '@asn/domain';
import { identityFromNip } from './identity-facts';

/**
 * The events of a generated staffing command without the rule checks, for building very long streams
 * fast (the benchmark curve). Only for commands of the HistoryGenerator, which are valid by construction;
 * the seed decides every command instead, and the curve decides a sample to make sure.
 */
export function trustedEvents(command: StaffingCommand, state: StaffingState, now: string): StaffingEvent[] {
  switch (command.type) {
    case 'EstablishUnit':
      return [
        { type: 'UnitEstablished', data: { ...command.data, parentId: command.data.parentId ?? null } },
      ];
    case 'EstablishPosition': {
      const d = command.data;
      return [
        {
          type: 'PositionEstablished',
          data: { ...d, level: d.level ?? null, requiredTrainings: d.requiredTrainings ?? [] },
        },
      ];
    }
    case 'ChangePositionRequirements':
      return [{ type: 'PositionRequirementsChanged', data: { ...command.data } }];
    case 'AbolishPosition':
      return [{ type: 'PositionAbolished', data: { ...command.data } }];
    case 'RegisterEmployee': {
      const d = command.data;
      const { birthDate, sex } = identityFromNip(d.nip);
      return [
        {
          type: 'EmployeeRegistered',
          data: {
            nip: d.nip,
            name: d.name,
            kind: d.kind,
            rank: d.rank,
            joinedOn: d.joinedOn,
            birthDate,
            sex,
          },
        },
      ];
    }
    case 'PromoteEmployee': {
      const previousRank = state.employees.get(command.data.nip)?.ranks.at(-1)?.value ?? '';
      return [{ type: 'EmployeePromoted', data: { ...command.data, previousRank } }];
    }
    case 'RecordAbsence':
      return [{ type: 'AbsenceRecorded', data: { ...command.data } }];
    case 'SeparateEmployee':
      return [{ type: 'EmployeeSeparated', data: { ...command.data } }];
    case 'ChangeUnit':
    case 'DissolveUnit':
    case 'RecordDiscipline':
      throw new Error(`the history generator does not generate ${command.type}`);
    case 'AnnulDecree':
      return [{ type: 'DecreeAnnulled', data: { ...command.data, annulledAt: now } }];
    case 'IssueDecree': {
      const { decreeId, decree, lines } = command.data;
      return [
        { type: 'DecreeIssued', data: { decreeId, decree, lineCount: lines.length } },
        ...lines.map((line, i) => lineEvent(state, decreeId, line, i)),
      ];
    }
  }
}

function lineEvent(state: StaffingState, decreeId: string, line: DecreeLine, index: number): StaffingEvent {
  const ref = { decreeId, line: index, nip: line.nip };
  const employee = state.employees.get(line.nip);
  if (!employee) throw new Error(`line ${index} of ${decreeId} names unknown employee ${line.nip}`);
  if (line.type === 'REDEPLOY') {
    const home = segmentAt(state, employee, line.effectiveDate);
    const fromUnitId = home ? (state.positions.get(home.positionId)?.unitId ?? '') : '';
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
  const unitId = state.positions.get(line.positionId)?.unitId ?? '';
  switch (line.type) {
    case 'APPOINT':
      return {
        type: 'EmployeeAppointed',
        data: { ...ref, positionId: line.positionId, unitId, effectiveDate: line.effectiveDate },
      };
    case 'REASSIGN':
      return {
        type: 'EmployeeReassigned',
        data: {
          ...ref,
          positionId: line.positionId,
          unitId,
          fromPositionId: employee.placements.at(-1)?.positionId ?? null,
          moveKind: line.moveKind,
          effectiveDate: line.effectiveDate,
        },
      };
    case 'ACTING':
      return {
        type: 'ActingAssigned',
        data: {
          ...ref,
          positionId: line.positionId,
          unitId,
          role: line.role,
          effectiveDate: line.effectiveDate,
          endDate: line.endDate,
        },
      };
    case 'EXTEND_ACTING':
    case 'END_ACTING': {
      const actingId = [...employee.actingIds]
        .reverse()
        .find((id) => state.actings.get(id)?.positionId === line.positionId);
      if (!actingId)
        throw new Error(`line ${index} of ${decreeId}: ${line.nip} has no acting on ${line.positionId}`);
      const acting = state.actings.get(actingId)!;
      if (line.type === 'END_ACTING') {
        return {
          type: 'ActingEnded',
          data: { ...ref, positionId: line.positionId, actingId, effectiveDate: line.effectiveDate },
        };
      }
      const last = acting.changes.filter((c) => c.kind === 'EXTEND').at(-1)?.date ?? acting.endDate;
      return {
        type: 'ActingExtended',
        data: {
          ...ref,
          positionId: line.positionId,
          actingId,
          previousEndDate: addDays(addDays(last, 1), -1),
          endDate: line.endDate,
        },
      };
    }
  }
}
