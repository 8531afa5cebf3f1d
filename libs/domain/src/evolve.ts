import type { StaffingEvent } from './events';
import { actingChangeOf, actingFactOf, placementFactOf, redeploymentFactOf } from './facts';
import { decadeOf, leftKey, type EmployeeRecord, type PlacementFact, type StaffingState } from './state';
import { insertDated, withDated } from './timeline';
import type { IsoDate } from './vocabulary';

function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function insertPlacement(list: PlacementFact[], fact: PlacementFact): number {
  let i = list.length;
  while (i > 0 && list[i - 1].effectiveDate > fact.effectiveDate) i--;
  list.splice(i, 0, fact);
  return i;
}

function removeOpen(state: StaffingState, positionId: string, nip: string): void {
  state.positionOpen.get(positionId)?.delete(nip);
}

/** Records that `nip`'s intervals in the position end by `until` at the latest (kept sorted by `until`). */
function addLeft(state: StaffingState, positionId: string, nip: string, until: IsoDate): void {
  const key = leftKey(positionId, decadeOf(until));
  let list = state.positionLeft.get(key);
  if (!list) state.positionLeft.set(key, (list = []));
  if (until > state.positionLeftLast) state.positionLeftLast = until;
  let i = list.length;
  while (i > 0 && list[i - 1].until > until) i--;
  list.splice(i, 0, { nip, until });
}

/** Keeps positionOpen/positionLeft true after `record.placements[index]` was inserted. */
function trackInsertedPlacement(state: StaffingState, record: EmployeeRecord, index: number): void {
  const facts = record.placements;
  const fact = facts[index];
  if (index < facts.length - 1) {
    addLeft(state, fact.positionId, record.nip, facts[index + 1].effectiveDate);
    return;
  }
  const previous = facts[index - 1];
  if (previous && previous.positionId !== fact.positionId) {
    removeOpen(state, previous.positionId, record.nip);
    addLeft(state, previous.positionId, record.nip, fact.effectiveDate);
  }
  if (record.separation === null) addToIndex(state.positionOpen, fact.positionId, record.nip);
  else addLeft(state, fact.positionId, record.nip, record.separation.effectiveDate);
}

/** Rebuilds positionOpen/positionLeft of one employee's placements (after an annulment removed some). */
function retrackPlacements(
  state: StaffingState,
  record: EmployeeRecord,
  formerLatest: string | undefined,
): void {
  const facts = record.placements;
  if (formerLatest !== undefined) removeOpen(state, formerLatest, record.nip);
  for (let i = 0; i < facts.length - 1; i++) {
    addLeft(state, facts[i].positionId, record.nip, facts[i + 1].effectiveDate);
  }
  const latest = facts.at(-1);
  if (!latest) return;
  if (record.separation === null) addToIndex(state.positionOpen, latest.positionId, record.nip);
  else addLeft(state, latest.positionId, record.nip, record.separation.effectiveDate);
}

/** Derives positionOpen/positionLeft from the employees (for states built before the index existed). */
export function indexHolders(state: StaffingState): void {
  state.positionOpen = new Map();
  state.positionLeft = new Map();
  state.positionLeftLast = '';
  for (const record of state.employees.values()) retrackPlacements(state, record, undefined);
}

function employee(state: StaffingState, nip: string): EmployeeRecord {
  const record = state.employees.get(nip);
  if (!record) throw new Error(`event refers to unknown employee ${nip}`);
  return record;
}

/**
 * Folds one event into the state. It mutates and returns `state`: a city's state holds ~15,000
 * employees, and copying it per event would make a replay quadratic. `decide` never mutates.
 */
export function evolveStaffing(state: StaffingState, event: StaffingEvent, revision: number): StaffingState {
  state.revision = revision;
  const seq = ++state.seq;
  switch (event.type) {
    case 'UnitEstablished': {
      const d = event.data;
      state.units.set(d.unitId, {
        unitId: d.unitId,
        name: d.name,
        kind: d.kind,
        parentId: d.parentId,
        establishedOn: d.effectiveDate,
        version: revision,
      });
      if (d.parentId) addToIndex(state.unitChildren, d.parentId, d.unitId);
      break;
    }
    case 'UnitRenamed': {
      const d = event.data;
      const unit = state.units.get(d.unitId);
      if (!unit) break;
      // A new list, never one changed in place: a draft's copy of the record shares the base's lists.
      unit.renames = withDated(unit.renames ?? [], { from: d.effectiveDate, value: d.name });
      unit.version = revision;
      break;
    }
    case 'UnitMoved': {
      const d = event.data;
      const unit = state.units.get(d.unitId);
      if (!unit) break;
      unit.moves = withDated(unit.moves ?? [], { from: d.effectiveDate, value: d.parentId });
      // unitChildren holds every unit ever placed under a parent; childUnits picks those under it on a date.
      if (d.parentId) addToIndex(state.unitChildren, d.parentId, d.unitId);
      unit.version = revision;
      break;
    }
    case 'UnitDissolved': {
      const unit = state.units.get(event.data.unitId);
      if (!unit) break;
      unit.dissolvedOn = event.data.effectiveDate;
      unit.version = revision;
      break;
    }
    case 'PositionEstablished': {
      const d = event.data;
      state.positions.set(d.positionId, {
        positionId: d.positionId,
        unitId: d.unitId,
        title: d.title,
        kind: d.kind,
        level: d.level,
        kebutuhan: [{ from: d.effectiveDate, value: d.kebutuhan }],
        requiredTrainings: [{ from: d.effectiveDate, value: [...d.requiredTrainings] }],
        establishedOn: d.effectiveDate,
        abolishedOn: null,
        version: revision,
      });
      addToIndex(state.unitPositions, d.unitId, d.positionId);
      break;
    }
    case 'PositionRequirementsChanged': {
      const d = event.data;
      const position = state.positions.get(d.positionId);
      if (!position) break;
      if (d.kebutuhan !== undefined)
        insertDated(position.kebutuhan, { from: d.effectiveDate, value: d.kebutuhan });
      if (d.requiredTrainings !== undefined) {
        insertDated(position.requiredTrainings, { from: d.effectiveDate, value: [...d.requiredTrainings] });
      }
      position.version = revision;
      break;
    }
    case 'PositionMoved': {
      const d = event.data;
      const position = state.positions.get(d.positionId);
      if (!position) break;
      position.moves = withDated(position.moves ?? [], { from: d.effectiveDate, value: d.unitId });
      // unitPositions holds every position ever in a unit; rosters pick those in it on their date.
      addToIndex(state.unitPositions, d.unitId, d.positionId);
      position.version = revision;
      break;
    }
    case 'PositionAbolished': {
      const position = state.positions.get(event.data.positionId);
      if (!position) break;
      position.abolishedOn = event.data.effectiveDate;
      position.version = revision;
      break;
    }
    case 'EmployeeRegistered': {
      const d = event.data;
      state.employees.set(d.nip, {
        nip: d.nip,
        name: d.name,
        kind: d.kind,
        birthDate: d.birthDate,
        sex: d.sex,
        joinedOn: d.joinedOn,
        ranks: [{ from: d.joinedOn, value: d.rank }],
        separation: null,
        absences: [],
        placements: [],
        actingIds: [],
        redeployments: [],
        version: revision,
      });
      break;
    }
    case 'EmployeePromoted': {
      const record = employee(state, event.data.nip);
      insertDated(record.ranks, { from: event.data.effectiveDate, value: event.data.rank });
      record.version = revision;
      break;
    }
    case 'AbsenceRecorded': {
      const { nip, from, to, reason } = event.data;
      const record = employee(state, nip);
      record.absences.push({ from, to, reason });
      record.version = revision;
      break;
    }
    case 'DisciplineRecorded': {
      const { nip, level, from, to } = event.data;
      const record = employee(state, nip);
      record.disciplines = [...(record.disciplines ?? []), { level, from, to }];
      record.version = revision;
      break;
    }
    case 'EmployeeSeparated': {
      const record = employee(state, event.data.nip);
      record.separation = { reason: event.data.reason, effectiveDate: event.data.effectiveDate };
      const latest = record.placements.at(-1);
      if (latest) {
        removeOpen(state, latest.positionId, record.nip);
        addLeft(state, latest.positionId, record.nip, event.data.effectiveDate);
      }
      record.version = revision;
      break;
    }
    case 'DecreeIssued': {
      state.decrees.set(event.data.decreeId, {
        decreeId: event.data.decreeId,
        decree: event.data.decree,
        lines: [],
        revision,
        annulled: null,
        version: revision,
      });
      break;
    }
    case 'EmployeeAppointed':
    case 'EmployeeReassigned': {
      const d = event.data;
      const record = employee(state, d.nip);
      const index = insertPlacement(record.placements, placementFactOf(event, seq));
      addToIndex(state.positionPlacements, d.positionId, d.nip);
      trackInsertedPlacement(state, record, index);
      record.version = revision;
      touchDecree(state, d.decreeId, revision, () =>
        event.type === 'EmployeeAppointed'
          ? { type: 'APPOINT', nip: d.nip, positionId: d.positionId, effectiveDate: d.effectiveDate }
          : {
              type: 'REASSIGN',
              nip: d.nip,
              positionId: d.positionId,
              moveKind: event.data.moveKind,
              effectiveDate: d.effectiveDate,
            },
      );
      break;
    }
    case 'ActingAssigned': {
      const d = event.data;
      const acting = actingFactOf(event, seq);
      const id = acting.actingId;
      state.actings.set(id, acting);
      employee(state, d.nip).actingIds.push(id);
      employee(state, d.nip).version = revision;
      addToIndex(state.positionActings, d.positionId, id);
      touchDecree(state, d.decreeId, revision, () => ({
        type: 'ACTING',
        nip: d.nip,
        positionId: d.positionId,
        role: d.role,
        effectiveDate: d.effectiveDate,
        endDate: d.endDate,
      }));
      break;
    }
    case 'ActingExtended':
    case 'ActingEnded': {
      const d = event.data;
      const acting = state.actings.get(d.actingId);
      const extended = event.type === 'ActingExtended';
      const date = extended ? event.data.endDate : event.data.effectiveDate;
      acting?.changes.push(actingChangeOf(event));
      employee(state, d.nip).version = revision;
      touchDecree(state, d.decreeId, revision, () =>
        extended
          ? { type: 'EXTEND_ACTING', nip: d.nip, positionId: d.positionId, endDate: date }
          : { type: 'END_ACTING', nip: d.nip, positionId: d.positionId, effectiveDate: date },
      );
      break;
    }
    case 'EmployeeRedeployed': {
      const d = event.data;
      const record = employee(state, d.nip);
      record.redeployments.push(redeploymentFactOf(event, seq));
      record.version = revision;
      addToIndex(state.unitRedeployments, d.unitId, d.nip);
      touchDecree(state, d.decreeId, revision, () => ({
        type: 'REDEPLOY',
        nip: d.nip,
        unitId: d.unitId,
        effectiveDate: d.effectiveDate,
        endDate: d.endDate,
      }));
      break;
    }
    case 'DecreeAnnulled':
      annul(state, event.data.decreeId, revision, event.data);
      break;
  }
  return state;
}

function touchDecree(
  state: StaffingState,
  decreeId: string,
  revision: number,
  line: () => import('./commands').DecreeLine,
): void {
  const decree = state.decrees.get(decreeId);
  if (!decree) return;
  decree.lines.push(line());
  decree.version = revision;
}

/** From the annulment on, the decree's changes no longer count: its facts leave the timeline. */
function annul(
  state: StaffingState,
  decreeId: string,
  revision: number,
  data: { reason: string; decree: import('./vocabulary').DecreeRef; annulledAt: string },
): void {
  const decree = state.decrees.get(decreeId);
  if (!decree) return;
  decree.annulled = { reason: data.reason, decree: data.decree, annulledAt: data.annulledAt, revision };
  decree.version = revision;
  if (decree.decree.number) state.annulledDecreeNumbers.add(decree.decree.number);
  const nips = new Set(decree.lines.map((l) => l.nip));
  for (const nip of nips) {
    const record = state.employees.get(nip);
    if (!record) continue;
    const formerLatest = record.placements.at(-1)?.positionId;
    const kept = record.placements.filter((p) => p.decreeId !== decreeId);
    if (kept.length !== record.placements.length) {
      record.placements = kept;
      retrackPlacements(state, record, formerLatest);
    }
    record.redeployments = record.redeployments.filter((r) => r.decreeId !== decreeId);
    record.actingIds = record.actingIds.filter((id) => {
      const acting = state.actings.get(id);
      if (!acting) return false;
      if (acting.decreeId === decreeId) {
        state.actings.delete(id);
        state.positionActings.get(acting.positionId)?.delete(id);
        return false;
      }
      acting.changes = acting.changes.filter((c) => c.decreeId !== decreeId);
      return true;
    });
    record.version = revision;
  }
}
