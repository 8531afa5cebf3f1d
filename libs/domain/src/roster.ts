import { addDays, within } from './dates';
import { isManajerial } from './position-kind';
import type { StaffingState } from './state';
import { actingInForce, actingsOn, holderSegments, positionOpenAt, segmentAt, valueAt } from './timeline';
import { positionUnitOn, unitNameOn, unitOpenOn, unitParentOn } from './units';
import type { IsoDate, PositionKind, UnitKind } from './vocabulary';

export interface RosterPosition {
  id: string;
  title: string;
  kind: PositionKind;
  kebutuhan: number;
  bezetting: number;
  gap: number;
  holders: {
    nip: string;
    name: string;
    since: IsoDate;
    decree: { decreeId: string; number: string | null };
  }[];
  acting: { nip: string; name: string; role: 'PLT' | 'PLH'; from: IsoDate; until: IsoDate }[];
}

export interface Redeployed {
  nip: string;
  name: string;
  from: IsoDate;
  until: IsoDate;
}

export interface RosterTotals {
  kebutuhan: number;
  bezetting: number;
  gap: number;
  vacantManajerial: number;
}

export interface Roster {
  unit: { id: string; name: string; kind: UnitKind; parentId: string | null };
  asOf: IsoDate;
  positions: RosterPosition[];
  redeployedIn: (Redeployed & { fromUnitId: string })[];
  redeployedOut: (Redeployed & { toUnitId: string })[];
  subunits?: Roster[];
  /** Totals of the unit and every unit below it. */
  totals: RosterTotals;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byNip = <T extends { nip: string }>(a: T, b: T): number => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);

/** Units directly below `unitId` on `asOf` (moves count), that exist on that day. */
export function childUnits(state: StaffingState, unitId: string, asOf: IsoDate): string[] {
  return [...(state.unitChildren.get(unitId) ?? [])]
    .filter((id) => {
      const child = state.units.get(id);
      return child !== undefined && unitOpenOn(child, asOf) && unitParentOn(child, asOf) === unitId;
    })
    .sort();
}

/** The roster of a unit on a date, as the state knows it; subunits expanded `depth` levels. */
export function rosterOf(state: StaffingState, unitId: string, asOf: IsoDate, depth = 0): Roster | undefined {
  const unit = state.units.get(unitId);
  if (!unit) return undefined;
  const positions = [...(state.unitPositions.get(unitId) ?? [])]
    .map((id) => state.positions.get(id)!)
    .filter((p) => positionOpenAt(p, asOf) && positionUnitOn(p, asOf) === unitId)
    .map((p): RosterPosition => {
      const holders = holderSegments(state, p.positionId)
        .filter((h) => within(asOf, h.from, h.to))
        .map((h) => ({
          nip: h.nip,
          name: state.employees.get(h.nip)!.name,
          since: h.from,
          decree: { decreeId: h.decreeId, number: state.decrees.get(h.decreeId)?.decree.number ?? null },
        }))
        .sort(byNip);
      const acting = actingsOn(state, p.positionId)
        .map((a) => ({ a, period: actingInForce(state, a) }))
        .filter(({ period }) => within(asOf, period.from, period.to))
        .map(({ a, period }) => ({
          nip: a.nip,
          name: state.employees.get(a.nip)!.name,
          role: a.role,
          from: period.from,
          until: addDays(period.to, -1),
        }));
      const kebutuhan = valueAt(p.kebutuhan, asOf) ?? 0;
      return {
        id: p.positionId,
        title: p.title,
        kind: p.kind,
        kebutuhan,
        bezetting: holders.length,
        gap: holders.length - kebutuhan,
        holders,
        acting,
      };
    })
    .sort(byId);

  const redeployedIn: Roster['redeployedIn'] = [];
  for (const nip of state.unitRedeployments.get(unitId) ?? []) {
    const employee = state.employees.get(nip)!;
    for (const r of employee.redeployments) {
      if (r.unitId === unitId && within(asOf, r.from, r.endDate) && segmentAt(state, employee, asOf)) {
        redeployedIn.push({
          nip,
          name: employee.name,
          fromUnitId: r.fromUnitId,
          from: r.from,
          until: r.endDate,
        });
      }
    }
  }
  const redeployedOut: Roster['redeployedOut'] = [];
  for (const p of positions) {
    for (const h of p.holders) {
      const employee = state.employees.get(h.nip)!;
      const r = employee.redeployments.find((x) => within(asOf, x.from, x.endDate));
      if (r)
        redeployedOut.push({ nip: h.nip, name: h.name, toUnitId: r.unitId, from: r.from, until: r.endDate });
    }
  }

  const children = childUnits(state, unitId, asOf).map((id) =>
    rosterOf(state, id, asOf, Math.max(depth - 1, 0))!,
  );
  const totals = positions.reduce(
    (t, p) => ({
      kebutuhan: t.kebutuhan + p.kebutuhan,
      bezetting: t.bezetting + p.bezetting,
      gap: t.gap + p.gap,
      vacantManajerial: t.vacantManajerial + (isManajerial(p.kind) && p.bezetting === 0 ? 1 : 0),
    }),
    { kebutuhan: 0, bezetting: 0, gap: 0, vacantManajerial: 0 },
  );
  for (const child of children) {
    totals.kebutuhan += child.totals.kebutuhan;
    totals.bezetting += child.totals.bezetting;
    totals.gap += child.totals.gap;
    totals.vacantManajerial += child.totals.vacantManajerial;
  }
  return {
    unit: {
      id: unit.unitId,
      name: unitNameOn(unit, asOf),
      kind: unit.kind,
      parentId: unitParentOn(unit, asOf),
    },
    asOf,
    positions,
    redeployedIn: redeployedIn.sort(byNip),
    redeployedOut: redeployedOut.sort(byNip),
    ...(depth > 0 ? { subunits: children } : {}),
    totals,
  };
}
