import type {
  ActingAssigned,
  ActingEnded,
  ActingExtended,
  EmployeeAppointed,
  EmployeeReassigned,
  EmployeeRedeployed,
} from './events';
import type { ActingChange, ActingFact, PlacementFact, RedeploymentFact } from './state';

/**
 * The timeline facts a decree line event stands for. The decided state and the read models both hold
 * them, and the timeline functions compare their ids, so both build them here.
 */
export const factId = (decreeId: string, line: number): string => `${decreeId}#${line}`;

export function placementFactOf(event: EmployeeAppointed | EmployeeReassigned, seq: number): PlacementFact {
  const d = event.data;
  return {
    factId: factId(d.decreeId, d.line),
    decreeId: d.decreeId,
    line: d.line,
    kind: event.type === 'EmployeeAppointed' ? 'APPOINT' : 'REASSIGN',
    positionId: d.positionId,
    moveKind: event.type === 'EmployeeReassigned' ? event.data.moveKind : null,
    effectiveDate: d.effectiveDate,
    seq,
  };
}

export function actingFactOf(event: ActingAssigned, seq: number): ActingFact {
  const d = event.data;
  return {
    actingId: factId(d.decreeId, d.line),
    decreeId: d.decreeId,
    line: d.line,
    nip: d.nip,
    positionId: d.positionId,
    role: d.role,
    from: d.effectiveDate,
    endDate: d.endDate,
    changes: [],
    seq,
  };
}

export function actingChangeOf(event: ActingExtended | ActingEnded): ActingChange {
  const d = event.data;
  return event.type === 'ActingExtended'
    ? { decreeId: d.decreeId, line: d.line, kind: 'EXTEND', date: event.data.endDate }
    : { decreeId: d.decreeId, line: d.line, kind: 'END', date: event.data.effectiveDate };
}

export function redeploymentFactOf(event: EmployeeRedeployed, seq: number): RedeploymentFact {
  const d = event.data;
  return {
    factId: factId(d.decreeId, d.line),
    decreeId: d.decreeId,
    line: d.line,
    unitId: d.unitId,
    fromUnitId: d.fromUnitId,
    from: d.effectiveDate,
    endDate: d.endDate,
    seq,
  };
}
