import { decadeOf, evolveStaffing, leftKey, type StaffingEvent, type StaffingState } from '@asn/domain';
import type { EventStore, RecordedEvent } from '@asn/event-store';
import { LazyMap } from './lazy-map';
import type { SqliteSnapshotStore } from './snapshot-store';

/** When to write a snapshot: every `everyEvents` events folded since the last one (default 10,000). */
export class SnapshotPolicy {
  constructor(readonly everyEvents = 10_000) {}

  due(lastSnapshotRevision: number, revision: number): boolean {
    return revision - lastSnapshotRevision >= this.everyEvents;
  }
}

export interface LoadedState {
  state: StaffingState;
  /** Revision of the snapshot the state started from (-1: none). */
  snapshotRevision: number;
  /** Events read from the log and folded after the snapshot. */
  caughtUp: number;
  /** Snapshots written while catching up. */
  saved: number;
  durationMs: number;
}

export interface LoadOptions {
  policy?: SnapshotPolicy;
  /** Events per read while catching up (default 10,000). */
  pageSize?: number;
}

/**
 * The staffing state of `stream`: the latest snapshot, then every later event from the log. Writes new
 * snapshots on the way when the policy says so, so a long catch-up is not repeated at the next start.
 */
export async function loadState(
  store: EventStore,
  stream: string,
  snapshots: SqliteSnapshotStore,
  options: LoadOptions = {},
): Promise<LoadedState> {
  const started = performance.now();
  const policy = options.policy ?? new SnapshotPolicy();
  const pageSize = options.pageSize ?? 10_000;
  const state = snapshots.open(stream);
  const snapshotRevision = state.revision;
  let lastSaved = snapshotRevision;
  let caughtUp = 0;
  let saved = 0;
  for (;;) {
    const page = await store.readStream(stream, { fromRevision: state.revision + 1, maxCount: pageSize });
    foldEvents(state, page);
    caughtUp += page.length;
    if (policy.due(lastSaved, state.revision)) {
      snapshots.save(stream, state);
      lastSaved = state.revision;
      saved++;
    }
    if (page.length < pageSize) break;
  }
  return { state, snapshotRevision, caughtUp, saved, durationMs: performance.now() - started };
}

/** Folds recorded events of a staffing stream into `state`, in the order given. */
export function foldEvents(state: StaffingState, events: readonly RecordedEvent[]): void {
  for (const event of events)
    evolveStaffing(state, { type: event.type, data: event.data } as StaffingEvent, event.revision);
}

/** The decades of leaving that commands read: the last one in positionLeft and the one before it. */
function recentDecades(state: StaffingState): number[] {
  if (state.positionLeftLast === '') return [];
  const last = decadeOf(state.positionLeftLast);
  return [last - 1, last];
}

/**
 * Reads the live part of a snapshot-loaded state into memory: units, positions with their holder and
 * acting indexes (the recent decades of past holders), every position's possible current holders and those
 * employees. Its entity count follows the city of today, not the length of its history, so after it
 * commands no longer wait for entities to be read on first use. Yields to the event loop between chunks
 * so an api can answer commands meanwhile.
 */
export async function warmUp(
  state: StaffingState,
  chunk = 2_000,
): Promise<{ entries: number; durationMs: number }> {
  const started = performance.now();
  let entries = 0;
  const yieldEvery = async (): Promise<void> => {
    if (++entries % chunk === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  // Read, not touched: the next snapshot must not write back what was only loaded.
  const peek = <V>(map: Map<string, V>, key: string): V | undefined =>
    map instanceof LazyMap ? (map as LazyMap<V>).peek(key) : map.get(key);
  for (const key of [...state.units.keys()]) {
    peek(state.units, key);
    await yieldEvery();
  }
  for (const positionId of [...state.positions.keys()]) {
    peek(state.positions, positionId);
    peek(state.positionPlacements, positionId);
    for (const decade of recentDecades(state)) peek(state.positionLeft, leftKey(positionId, decade));
    // Read its members now: every check of the position lists its actings.
    void peek(state.positionActings, positionId)?.size;
    for (const nip of peek(state.positionOpen, positionId) ?? []) {
      peek(state.employees, nip);
      await yieldEvery();
    }
    await yieldEvery();
  }
  return { entries, durationMs: performance.now() - started };
}
