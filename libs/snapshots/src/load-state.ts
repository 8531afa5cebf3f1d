import { decadeOf, evolveStaffing, leftKey, type StaffingEvent, type StaffingState } from '@asn/domain';
import type { EventStore } from '@asn/event-store';
import type { SaveResult } from './snapshot-file';
import { LazyMap } from './lazy-map';
import { encodeSnapshot, type SqliteSnapshotStore } from './snapshot-store';
import type { SnapshotWriterThread } from './snapshot-writer-thread';

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
    for (const event of page) {
      evolveStaffing(state, { type: event.type, data: event.data } as StaffingEvent, event.revision);
    }
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

/**
 * Keeps snapshots current while the api writes: call `afterAppend` once the append of the events folded
 * into `state` is durable (never while the state holds tentative events).
 *
 * With a writer thread, `afterAppend` only takes the snapshot (the changed entries as text) and the thread
 * writes the snapshots in the order they were taken. Taking a snapshot forgets which entries changed, so
 * after a failed write no later snapshot is written (they would miss those entries; the thread refuses
 * them too): the last written one stands and the next start-up catches up from it.
 */
export class Snapshotter {
  private lastSaved: number;
  private failed?: Error;

  constructor(
    private readonly snapshots: SqliteSnapshotStore,
    private readonly stream: string,
    private readonly policy: SnapshotPolicy = new SnapshotPolicy(),
    startRevision = -1,
    private readonly thread?: SnapshotWriterThread,
  ) {
    this.lastSaved = startRevision;
  }

  /** Whether `afterAppend` would take a snapshot of the state at `revision`. */
  due(revision: number): boolean {
    return !this.failed && this.policy.due(this.lastSaved, revision);
  }

  /**
   * Undefined when no snapshot was taken; otherwise resolves once it is written (rejects if it was not,
   * and every later call then returns undefined).
   */
  afterAppend(state: StaffingState): Promise<SaveResult> | undefined {
    if (!this.due(state.revision)) return undefined;
    this.lastSaved = state.revision;
    try {
      if (!this.thread) return Promise.resolve(this.snapshots.save(this.stream, state));
      return this.thread.write(encodeSnapshot(this.stream, state)).catch((error: unknown) => {
        this.failed = error as Error;
        throw error;
      });
    } catch (error) {
      this.failed = error as Error;
      return Promise.reject(error);
    }
  }
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
