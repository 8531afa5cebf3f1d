import { snapshotOf, type StaffingState } from '@asn/domain';

/** The state as comparable JSON: entries sorted by key, so map order does not matter. */
export function normalised(state: StaffingState): unknown {
  const snapshot = snapshotOf(state) as Record<string, unknown>;
  for (const [key, value] of Object.entries(snapshot)) {
    if (Array.isArray(value) && Array.isArray(value[0])) {
      snapshot[key] = (value as [string, unknown][])
        .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v])
        .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    }
  }
  return snapshot;
}
