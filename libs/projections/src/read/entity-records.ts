import type {
  ActingFact,
  EmployeeDevState,
  EmployeeRecord,
  PlacementFact,
  PositionRecord,
  RedeploymentFact,
  UnitRecord,
} from '@asn/domain';
import { F } from '../records';
import type {
  Provenance,
  StoredAbolition,
  StoredAbsence,
  StoredDiscipline,
  StoredActing,
  StoredActingChange,
  StoredActingChangeRef,
  StoredActingRef,
  StoredAnnulment,
  StoredDated,
  StoredDevFact,
  StoredEmployee,
  StoredPlacement,
  StoredPosition,
  StoredRedeployment,
  StoredSeparation,
  StoredUnit,
} from '../records';

/** Decrees annulled so far (decreeId -> annulment): their facts no longer count. */
export type Annulments = Map<string, StoredAnnulment>;

function facts<T>(hash: Record<string, string>, prefix: string): T[] {
  const out: T[] = [];
  for (const field in hash) if (field.startsWith(prefix)) out.push(JSON.parse(hash[field]) as T);
  return out;
}

/** The employee hash's facts by kind, in one pass over its fields. */
function employeeFacts(hash: Record<string, string>) {
  const kinds = {
    ranks: [] as StoredDated<string>[],
    absences: [] as StoredAbsence[],
    disciplines: [] as StoredDiscipline[],
    placements: [] as StoredPlacement[],
    actings: [] as StoredActingRef[],
    actingChanges: [] as StoredActingChangeRef[],
    redeployments: [] as StoredRedeployment[],
  };
  for (const field in hash) {
    const value = hash[field];
    if (field.startsWith(F.placement)) kinds.placements.push(JSON.parse(value));
    else if (field.startsWith(F.rank)) kinds.ranks.push(JSON.parse(value));
    else if (field.startsWith(F.actingChange)) kinds.actingChanges.push(JSON.parse(value));
    else if (field.startsWith(F.acting)) kinds.actings.push(JSON.parse(value));
    else if (field.startsWith(F.redeployment)) kinds.redeployments.push(JSON.parse(value));
    else if (field.startsWith(F.absence)) kinds.absences.push(JSON.parse(value));
    else if (field.startsWith(F.discipline)) kinds.disciplines.push(JSON.parse(value));
  }
  return kinds;
}

const byRev = (a: { rev: number }, b: { rev: number }): number => a.rev - b.rev;
const byFromThenRev = (a: StoredDated<unknown>, b: StoredDated<unknown>): number =>
  a.from < b.from ? -1 : a.from > b.from ? 1 : a.rev - b.rev;

/** Names of the membership fields with `prefix` (a unit's positions, a position's holders, ...). */
export function members(hash: Record<string, string>, prefix: string): string[] {
  const out: string[] = [];
  for (const field in hash) if (field.startsWith(prefix)) out.push(field.slice(prefix.length));
  return out;
}

export function unitFrom(hash: Record<string, string>): UnitRecord | undefined {
  if (!hash[F.record]) return undefined;
  const u = JSON.parse(hash[F.record]) as StoredUnit;
  const renames = facts<StoredDated<string>>(hash, F.unitName).sort(byFromThenRev);
  const moves = facts<StoredDated<string | null>>(hash, F.unitMove).sort(byFromThenRev);
  const dissolved = hash[F.dissolved] ? (JSON.parse(hash[F.dissolved]) as StoredAbolition) : null;
  return {
    unitId: u.unitId,
    name: u.name,
    kind: u.kind,
    parentId: u.parentId,
    establishedOn: u.establishedOn,
    version: Math.max(u.rev, ...renames.map((r) => r.rev), ...moves.map((m) => m.rev), dissolved?.rev ?? -1),
    ...(renames.length > 0 && { renames: renames.map((r) => ({ from: r.from, value: r.value })) }),
    ...(moves.length > 0 && { moves: moves.map((m) => ({ from: m.from, value: m.value })) }),
    ...(dissolved && { dissolvedOn: dissolved.effectiveDate }),
  };
}

/** The position as the fold knows it, from its hash; undefined when it was never established. */
export function positionFrom(hash: Record<string, string>): PositionRecord | undefined {
  if (!hash[F.record]) return undefined;
  const rec = JSON.parse(hash[F.record]) as StoredPosition;
  const kebutuhan = facts<StoredDated<number>>(hash, F.kebutuhan).sort(byFromThenRev);
  const trainings = facts<StoredDated<string[]>>(hash, F.trainingsRequired).sort(byFromThenRev);
  const abolished = hash[F.abolished] ? (JSON.parse(hash[F.abolished]) as StoredAbolition) : null;
  const moves = facts<StoredDated<string>>(hash, F.positionMove).sort(byFromThenRev);
  const version = Math.max(
    rec.rev,
    ...kebutuhan.map((k) => k.rev),
    ...trainings.map((t) => t.rev),
    ...moves.map((m) => m.rev),
    abolished?.rev ?? -1,
  );
  return {
    positionId: rec.positionId,
    unitId: rec.unitId,
    title: rec.title,
    kind: rec.kind,
    level: rec.level,
    kebutuhan: kebutuhan.map((k) => ({ from: k.from, value: k.value })),
    requiredTrainings: trainings.map((t) => ({ from: t.from, value: [...t.value] })),
    establishedOn: rec.establishedOn,
    abolishedOn: abolished?.effectiveDate ?? null,
    version,
    ...(moves.length > 0 && { moves: moves.map((m) => ({ from: m.from, value: m.value })) }),
  };
}

/**
 * A post known only by kind and level: enough for the retirement age an employee's other posts set. Queries
 * never list such a post; the ones they list are loaded in full.
 */
export function referencedPositionFrom(positionId: string, json: string | null): PositionRecord | undefined {
  if (!json) return undefined;
  const { kind, level } = JSON.parse(json) as Pick<PositionRecord, 'kind' | 'level'>;
  return {
    positionId,
    unitId: '',
    title: '',
    kind,
    level,
    kebutuhan: [],
    requiredTrainings: [],
    establishedOn: '0000-01-01',
    abolishedOn: null,
    version: -1,
  };
}

/** The employee as the fold knows it: facts of annulled decrees left out, timelines in fold order. */
export function employeeFrom(hash: Record<string, string>, annulled: Annulments): EmployeeRecord | undefined {
  if (!hash[F.record]) return undefined;
  const rec = JSON.parse(hash[F.record]) as StoredEmployee;
  const counts = (decreeId: string) => !annulled.has(decreeId);
  const all = employeeFacts(hash);
  const ranks = all.ranks.sort(byFromThenRev);
  const absences = all.absences.sort(byRev);
  const disciplines = all.disciplines.sort(byRev);
  const separation = hash[F.separation] ? (JSON.parse(hash[F.separation]) as StoredSeparation) : null;
  const allPlacements = all.placements;
  const allActings = all.actings;
  const actingChanges = all.actingChanges;
  const allRedeployments = all.redeployments;
  const placements: PlacementFact[] = allPlacements
    .filter((p) => counts(p.decreeId))
    .sort((a, b) =>
      a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.seq - b.seq,
    )
    .map((p) => ({
      factId: p.factId,
      decreeId: p.decreeId,
      line: p.line,
      kind: p.kind,
      positionId: p.positionId,
      moveKind: p.moveKind,
      effectiveDate: p.effectiveDate,
      seq: p.seq,
    }));
  const redeployments: RedeploymentFact[] = allRedeployments
    .filter((r) => counts(r.decreeId))
    .sort((a, b) => a.seq - b.seq)
    .map((r) => ({
      factId: r.factId,
      decreeId: r.decreeId,
      line: r.line,
      unitId: r.unitId,
      fromUnitId: r.fromUnitId,
      from: r.from,
      endDate: r.endDate,
      seq: r.seq,
    }));
  const touched: Provenance[] = [
    rec,
    ...ranks,
    ...absences,
    ...disciplines,
    ...allPlacements,
    ...allActings,
    ...actingChanges,
    ...allRedeployments,
  ];
  if (separation) touched.push(separation);
  // An annulment touches every employee named in the decree (the fold sets their version).
  for (const fact of [...allPlacements, ...allActings, ...actingChanges, ...allRedeployments]) {
    const annulment = annulled.get(fact.decreeId);
    if (annulment) touched.push(annulment);
  }
  return {
    nip: rec.nip,
    name: rec.name,
    kind: rec.kind,
    birthDate: rec.birthDate,
    sex: rec.sex,
    joinedOn: rec.joinedOn,
    ranks: ranks.map((r) => ({ from: r.from, value: r.value })),
    separation: separation ? { reason: separation.reason, effectiveDate: separation.effectiveDate } : null,
    absences: absences.map((a) => ({ from: a.from, to: a.to, reason: a.reason })),
    placements,
    actingIds: allActings
      .filter((a) => counts(a.decreeId))
      .sort((a, b) => a.seq - b.seq)
      .map((a) => a.actingId),
    redeployments,
    version: Math.max(...touched.map((t) => t.rev)),
    ...(disciplines.length > 0 && {
      disciplines: disciplines.map((d) => ({ level: d.level, from: d.from, to: d.to })),
    }),
  };
}

/** Trainings and work arrangements (the `employee-<nip>` stream) from the employee's development hash. */
export function devStateFrom(nip: string, hash: Record<string, string>): EmployeeDevState {
  const trainings = facts<StoredDevFact<EmployeeDevState['trainings'][number]>>(hash, F.training).sort(byRev);
  const work = facts<StoredDevFact<EmployeeDevState['workArrangements'][number]>>(hash, F.work).sort(byRev);
  return {
    nip,
    revision: Math.max(-1, ...trainings.map((t) => t.rev), ...work.map((w) => w.rev)),
    trainings: trainings.map((t) => t.data),
    workArrangements: work.map((w) => w.data),
  };
}

/** The acting assignment as the fold knows it; undefined when its decree was annulled. */
export function actingFrom(hash: Record<string, string>, annulled: Annulments): ActingFact | undefined {
  if (!hash[F.record]) return undefined;
  const rec = JSON.parse(hash[F.record]) as StoredActing;
  if (annulled.has(rec.decreeId)) return undefined;
  const changes = facts<StoredActingChange>(hash, F.change)
    .filter((c) => !annulled.has(c.decreeId))
    .sort((a, b) => a.seq - b.seq)
    .map((c) => ({ decreeId: c.decreeId, line: c.line, kind: c.kind, date: c.date }));
  return {
    actingId: rec.actingId,
    decreeId: rec.decreeId,
    line: rec.line,
    nip: rec.nip,
    positionId: rec.positionId,
    role: rec.role,
    from: rec.from,
    endDate: rec.endDate,
    changes,
    seq: rec.seq,
  };
}

export function annulmentsFrom(hash: Record<string, string>): Annulments {
  return new Map(Object.entries(hash).map(([id, json]) => [id, JSON.parse(json) as StoredAnnulment]));
}
