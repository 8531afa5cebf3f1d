import type { DomainEvent } from '@asn/domain';
import {
  actingChangeOf,
  actingFactOf,
  EMPLOYEE_STREAM_PREFIX,
  placementFactOf,
  redeploymentFactOf,
  STAFFING_STREAM_PREFIX,
} from '@asn/domain';
import type { ReadModelKeys } from './keys';
import { F } from './records';
import { hset, provenanceJson, sadd, stored, zadd, type ReadModelWrite } from './write';

/** What the projection needs of a recorded event (the envelope of `@asn/event-store`). */
export interface ProjectedEvent {
  type: string;
  stream: string;
  revision: number;
  position: string;
  data: unknown;
}

/** The streams the read models are built from. */
export const projectedStreamPrefixes = (instansi: string): string[] => [
  `${STAFFING_STREAM_PREFIX}${instansi}`,
  EMPLOYEE_STREAM_PREFIX,
];

/**
 * The projection: one event -> the read-model writes it causes. Pure: the writes depend only on the event,
 * and each one stores a fact under a name unique to it (revision or fact id), so the read side can rebuild
 * the timeline of any entity and evaluate it on any date. Unknown types project to nothing.
 */
export function projectEvent(recorded: ProjectedEvent, keys: ReadModelKeys): ReadModelWrite[] {
  const event = { type: recorded.type, data: recorded.data } as DomainEvent;
  const rev = recorded.revision;
  // The provenance opens every stored fact: written once per event, not spread into each fact object.
  const head = provenanceJson({ rev, position: recorded.position, type: recorded.type });
  switch (event.type) {
    case 'UnitEstablished': {
      const d = event.data;
      return [
        hset(
          keys.unit(d.unitId),
          F.record,
          stored(head, {
            unitId: d.unitId,
            name: d.name,
            kind: d.kind,
            parentId: d.parentId,
            establishedOn: d.effectiveDate,
          }),
        ),
        d.parentId
          ? hset(keys.unit(d.parentId), `${F.childUnit}${d.unitId}`, '')
          : sadd(keys.roots, d.unitId),
      ];
    }
    case 'UnitRenamed': {
      const d = event.data;
      return [
        hset(
          keys.unit(d.unitId),
          `${F.unitName}${rev}`,
          stored(head, { from: d.effectiveDate, value: d.name }),
        ),
      ];
    }
    case 'UnitMoved': {
      const d = event.data;
      return [
        hset(
          keys.unit(d.unitId),
          `${F.unitMove}${rev}`,
          stored(head, { from: d.effectiveDate, value: d.parentId }),
        ),
        // Membership under every parent it ever had (and among the roots): queries pick the parent of the day.
        d.parentId
          ? hset(keys.unit(d.parentId), `${F.childUnit}${d.unitId}`, '')
          : sadd(keys.roots, d.unitId),
      ];
    }
    case 'UnitDissolved':
      return [
        hset(
          keys.unit(event.data.unitId),
          F.dissolved,
          stored(head, { effectiveDate: event.data.effectiveDate, decree: event.data.decree }),
        ),
      ];
    case 'PositionEstablished': {
      const d = event.data;
      const key = keys.position(d.positionId);
      return [
        hset(
          key,
          F.record,
          stored(head, {
            positionId: d.positionId,
            unitId: d.unitId,
            title: d.title,
            kind: d.kind,
            level: d.level,
            establishedOn: d.effectiveDate,
          }),
        ),
        hset(key, `${F.kebutuhan}${rev}`, stored(head, { from: d.effectiveDate, value: d.kebutuhan })),
        hset(
          key,
          `${F.trainingsRequired}${rev}`,
          stored(head, {
            from: d.effectiveDate,
            value: d.requiredTrainings,
          }),
        ),
        hset(keys.unit(d.unitId), `${F.unitPosition}${d.positionId}`, ''),
        hset(keys.positionKinds, d.positionId, { kind: d.kind, level: d.level }),
      ];
    }
    case 'PositionRequirementsChanged': {
      const d = event.data;
      const key = keys.position(d.positionId);
      const writes: ReadModelWrite[] = [];
      if (d.kebutuhan !== undefined) {
        writes.push(
          hset(key, `${F.kebutuhan}${rev}`, stored(head, { from: d.effectiveDate, value: d.kebutuhan })),
        );
      }
      if (d.requiredTrainings !== undefined) {
        writes.push(
          hset(
            key,
            `${F.trainingsRequired}${rev}`,
            stored(head, {
              from: d.effectiveDate,
              value: d.requiredTrainings,
            }),
          ),
        );
      }
      return writes;
    }
    case 'PositionMoved': {
      const d = event.data;
      return [
        hset(
          keys.position(d.positionId),
          `${F.positionMove}${rev}`,
          stored(head, { from: d.effectiveDate, value: d.unitId }),
        ),
        // Listed under every unit it was ever in: queries pick the unit of their date.
        hset(keys.unit(d.unitId), `${F.unitPosition}${d.positionId}`, ''),
      ];
    }
    case 'PositionAbolished':
      return [
        hset(
          keys.position(event.data.positionId),
          F.abolished,
          stored(head, {
            effectiveDate: event.data.effectiveDate,
            decree: event.data.decree,
          }),
        ),
      ];
    case 'EmployeeRegistered': {
      const d = event.data;
      const key = keys.employee(d.nip);
      return [
        hset(
          key,
          F.record,
          stored(head, {
            nip: d.nip,
            name: d.name,
            kind: d.kind,
            birthDate: d.birthDate,
            sex: d.sex,
            joinedOn: d.joinedOn,
          }),
        ),
        hset(key, `${F.rank}${rev}`, stored(head, { from: d.joinedOn, value: d.rank })),
        zadd(keys.employees, 0, d.nip),
        hset(keys.names, d.nip, d.name),
      ];
    }
    case 'EmployeePromoted':
      return [
        hset(
          keys.employee(event.data.nip),
          `${F.rank}${rev}`,
          stored(head, {
            from: event.data.effectiveDate,
            value: event.data.rank,
          }),
        ),
      ];
    case 'AbsenceRecorded': {
      const { nip, from, to, reason } = event.data;
      return [hset(keys.employee(nip), `${F.absence}${rev}`, stored(head, { from, to, reason }))];
    }
    case 'DisciplineRecorded': {
      const { nip, level, from, to } = event.data;
      return [hset(keys.employee(nip), `${F.discipline}${rev}`, stored(head, { level, from, to }))];
    }
    case 'EmployeeSeparated':
      return [
        hset(
          keys.employee(event.data.nip),
          F.separation,
          stored(head, {
            reason: event.data.reason,
            effectiveDate: event.data.effectiveDate,
          }),
        ),
      ];
    case 'DecreeIssued':
      return [
        hset(
          keys.decree(event.data.decreeId),
          F.record,
          stored(head, {
            decreeId: event.data.decreeId,
            decree: event.data.decree,
            lineCount: event.data.lineCount,
          }),
        ),
        hset(keys.decreeNumbers, event.data.decreeId, event.data.decree.number ?? ''),
      ];
    case 'EmployeeAppointed':
    case 'EmployeeReassigned': {
      const d = event.data;
      const fact = placementFactOf(event, rev);
      return [
        hset(keys.employee(d.nip), `${F.placement}${fact.factId}`, stored(head, fact)),
        hset(keys.position(d.positionId), `${F.placed}${d.nip}`, ''),
        hset(keys.decree(d.decreeId), `${F.decreePlaced}${d.nip}`, ''),
      ];
    }
    case 'ActingAssigned': {
      const d = event.data;
      // Changes are stored as fields of their own (F.change), so the record leaves them out.
      const { changes: _changes, ...acting } = actingFactOf(event, rev);
      const id = acting.actingId;
      return [
        hset(keys.acting(id), F.record, stored(head, acting)),
        hset(
          keys.employee(d.nip),
          `${F.acting}${id}`,
          stored(head, {
            actingId: id,
            decreeId: d.decreeId,
            seq: rev,
          }),
        ),
        hset(keys.position(d.positionId), `${F.actingOn}${id}`, ''),
      ];
    }
    case 'ActingExtended':
    case 'ActingEnded': {
      const d = event.data;
      const change = actingChangeOf(event);
      const kind = change.kind;
      return [
        hset(keys.acting(d.actingId), `${F.change}${rev}`, stored(head, { ...change, seq: rev })),
        hset(
          keys.employee(d.nip),
          `${F.actingChange}${rev}`,
          stored(head, {
            actingId: d.actingId,
            decreeId: d.decreeId,
            kind,
          }),
        ),
      ];
    }
    case 'EmployeeRedeployed': {
      const d = event.data;
      const fact = redeploymentFactOf(event, rev);
      return [
        hset(keys.employee(d.nip), `${F.redeployment}${fact.factId}`, stored(head, fact)),
        hset(keys.unit(d.unitId), `${F.redeployedIn}${d.nip}`, ''),
      ];
    }
    case 'DecreeAnnulled': {
      const annulment = stored(head, event.data);
      return [
        hset(keys.annulled, event.data.decreeId, annulment),
        hset(keys.decree(event.data.decreeId), F.annulment, annulment),
      ];
    }
    case 'TrainingCompleted':
      return [
        hset(
          keys.employeeDevelopment(event.data.nip),
          `${F.training}${rev}`,
          stored(head, { data: event.data }),
        ),
      ];
    case 'WorkArrangementSet':
      return [
        hset(keys.employeeDevelopment(event.data.nip), `${F.work}${rev}`, stored(head, { data: event.data })),
      ];
    default:
      return [];
  }
}
