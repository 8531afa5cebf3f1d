import { indexHolders } from './evolve';
import type { StaffingState } from './state';

const MAPS = [
  'units',
  'unitChildren',
  'positions',
  'unitPositions',
  'employees',
  'actings',
  'positionPlacements',
  'positionOpen',
  'positionLeft',
  'positionActings',
  'unitRedeployments',
  'decrees',
] as const;

/** A JSON-safe copy of the state, so that start-up loads a snapshot instead of replaying the stream. */
export function snapshotOf(state: StaffingState): unknown {
  const out: Record<string, unknown> = { revision: state.revision, seq: state.seq };
  for (const key of MAPS) {
    const map = state[key] as Map<string, unknown>;
    out[key] = [...map.entries()].map(([k, v]) => [k, v instanceof Set ? [...v] : v]);
  }
  out.annulledDecreeNumbers = [...state.annulledDecreeNumbers];
  out.positionLeftLast = state.positionLeftLast;
  return out;
}

/** The state maps whose values are sets of ids. */
export const SET_MAPS: ReadonlySet<string> = new Set([
  'unitChildren',
  'unitPositions',
  'positionPlacements',
  'positionOpen',
  'positionActings',
  'unitRedeployments',
]);

export function stateFromSnapshot(snapshot: unknown): StaffingState {
  const s = snapshot as Record<string, unknown>;
  const state = { revision: s.revision, seq: s.seq } as Record<string, unknown>;
  for (const key of MAPS) {
    const entries = (s[key] ?? []) as [string, unknown][];
    state[key] = new Map(entries.map(([k, v]) => [k, SET_MAPS.has(key) ? new Set(v as string[]) : v]));
  }
  state.annulledDecreeNumbers = new Set(s.annulledDecreeNumbers as string[]);
  state.positionLeftLast = s.positionLeftLast ?? '';
  // Snapshots taken before the holder index existed, or before positionLeft was split by decade: derive
  // it from the employees.
  if (s.positionOpen === undefined || s.positionLeftLast === undefined) {
    indexHolders(state as unknown as StaffingState);
  }
  return state as unknown as StaffingState;
}
