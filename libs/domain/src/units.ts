import type { PositionRecord, StaffingState, UnitRecord } from './state';
import { valueAt } from './timeline';
import type { IsoDate } from './vocabulary';

/** The unit's name on a date: renames count from their effective date. */
export function unitNameOn(unit: UnitRecord, date: IsoDate): string {
  return valueAt(unit.renames ?? [], date) ?? unit.name;
}

/** The unit's parent on a date (null: a top-level unit): moves count from their effective date. */
export function unitParentOn(unit: UnitRecord, date: IsoDate): string | null {
  const moved = valueAt(unit.moves ?? [], date);
  return moved === undefined ? unit.parentId : moved;
}

/** The unit a position belongs to on a date: moves count from their effective date. */
export function positionUnitOn(position: PositionRecord, date: IsoDate): string {
  return valueAt(position.moves ?? [], date) ?? position.unitId;
}

/** Established on or before the date, and not dissolved by then. */
export function unitOpenOn(unit: UnitRecord, date: IsoDate): boolean {
  return unit.establishedOn <= date && !(unit.dissolvedOn && unit.dissolvedOn <= date);
}

/** The days from which a unit's place in the tree can differ: its establishment and its moves. */
function treeDates(unit: UnitRecord): IsoDate[] {
  return [unit.establishedOn, ...(unit.moves ?? []).map((m) => m.from)];
}

/**
 * The first date on or after `from` on which `unitId` would sit below itself, with `units` giving each unit
 * (the changed one as it would be). Checked on every date from which any unit's parent changes.
 */
export function firstCycle(
  unitId: string,
  from: IsoDate,
  units: (id: string) => UnitRecord | undefined,
  allUnits: Iterable<UnitRecord>,
): IsoDate | undefined {
  const dates = new Set<IsoDate>([from]);
  for (const unit of allUnits) for (const date of treeDates(unit)) if (date > from) dates.add(date);
  for (const date of [...dates].sort()) {
    const seen = new Set<string>();
    let current: string | null = unitParentOn(units(unitId)!, date);
    while (current !== null && !seen.has(current)) {
      if (current === unitId) return date;
      seen.add(current);
      const unit = units(current);
      current = unit ? unitParentOn(unit, date) : null;
    }
  }
  return undefined;
}

/** Whether `holds` on `from` or on one of the `changes` after it (the only days its answer can differ). */
function onSomeDayFrom(from: IsoDate, changes: IsoDate[], holds: (day: IsoDate) => boolean): boolean {
  return holds(from) || changes.some((day) => day > from && holds(day));
}

/**
 * What would still be open in the unit on or after `date`: positions not abolished by then, and subunits
 * under it on some day from `date` on and not dissolved by that day.
 */
export function openContents(
  state: StaffingState,
  unitId: string,
  date: IsoDate,
): { positions: string[]; units: string[] } {
  const positions = [...(state.unitPositions.get(unitId) ?? [])].filter((id) => {
    const position = state.positions.get(id);
    return (
      position !== undefined &&
      onSomeDayFrom(
        date,
        (position.moves ?? []).map((m) => m.from),
        (day) =>
          positionUnitOn(position, day) === unitId &&
          (position.abolishedOn === null || position.abolishedOn > day),
      )
    );
  });
  const units = [...(state.unitChildren.get(unitId) ?? [])].filter((id) => {
    const child = state.units.get(id);
    return (
      child !== undefined &&
      onSomeDayFrom(
        date,
        treeDates(child),
        (day) => unitParentOn(child, day) === unitId && !(child.dissolvedOn && child.dissolvedOn <= day),
      )
    );
  });
  return { positions: positions.sort(), units: units.sort() };
}
