import {
  evolveStaffing,
  initialStaffingState,
  rosterOf,
  snapshotOf,
  stateFromSnapshot,
  type Roster,
  type StaffingEvent,
  type StaffingState,
} from '@asn/domain';
import type { EventStore } from '@asn/event-store';
import { recordedAtOf } from './event-fields';
import { streamEvents } from './read-pages';

/** The folded state after `revision`, kept as a deep copy; valid while the stored event there keeps `hash`. */
interface Checkpoint {
  revision: number;
  hash: string | undefined;
  recordedAt: number;
  snapshot: unknown;
}

export interface StaffingReplayOptions {
  /** A checkpoint every this many events folded past the last one. */
  every?: number;
  /** At most this many checkpoints; the oldest go first. */
  max?: number;
}

/**
 * Replays one staffing stream "as known at" a recorded time: the fold of the events recorded at or
 * before it (the stream is in recorded order, so the fold stops at the first later event). Checkpoints
 * of the fold spare a long stream's replay; a checkpoint is used only while the event it ends on still
 * has the hash it had, so a rewritten store is replayed from its first event again.
 */
export class StaffingReplay {
  private checkpoints: Checkpoint[] = [];
  private readonly every: number;
  private readonly max: number;

  constructor(
    private readonly store: EventStore,
    readonly stream: string,
    options: StaffingReplayOptions = {},
  ) {
    this.every = options.every ?? 20_000;
    this.max = options.max ?? 16;
  }

  async stateKnownAt(knownAt: number): Promise<StaffingState> {
    const start = await this.checkpointFor(knownAt);
    const state = start ? stateFromSnapshot(structuredClone(start.snapshot)) : initialStaffingState();
    let lastCheckpoint = this.checkpoints.at(-1)?.revision ?? -1;
    for await (const event of streamEvents(this.store, this.stream, (start?.revision ?? -1) + 1)) {
      const recordedAt = recordedAtOf(event);
      if (recordedAt > knownAt) break;
      evolveStaffing(state, { type: event.type, data: event.data } as StaffingEvent, event.revision);
      if (event.revision - lastCheckpoint >= this.every) {
        this.remember({
          revision: event.revision,
          hash: event.metadata.hash,
          recordedAt,
          snapshot: structuredClone(snapshotOf(state)),
        });
        lastCheckpoint = event.revision;
      }
    }
    return state;
  }

  /** The roster of a unit as of `asOf` as known at `knownAt` (epoch ms); undefined if the unit was unknown then. */
  async rosterKnownAt(unitId: string, asOf: string, knownAt: number, depth = 0): Promise<Roster | undefined> {
    return rosterOf(await this.stateKnownAt(knownAt), unitId, asOf, depth);
  }

  /** The latest checkpoint recorded by `knownAt` whose event is still stored unchanged. */
  private async checkpointFor(knownAt: number): Promise<Checkpoint | undefined> {
    const candidate = this.checkpoints.filter((c) => c.recordedAt <= knownAt).at(-1);
    if (!candidate) return undefined;
    const [stored] = await this.store.readStream(this.stream, {
      fromRevision: candidate.revision,
      maxCount: 1,
    });
    if (stored?.revision === candidate.revision && stored.metadata.hash === candidate.hash) return candidate;
    this.checkpoints = [];
    return undefined;
  }

  private remember(checkpoint: Checkpoint): void {
    if (this.checkpoints.some((c) => c.revision >= checkpoint.revision)) return;
    this.checkpoints.push(checkpoint);
    if (this.checkpoints.length > this.max) this.checkpoints.shift();
  }
}

export interface RosterQuery {
  stream: string;
  unitId: string;
  /** Effective date `YYYY-MM-DD`. */
  asOf: string;
  /** Recorded-time bound, epoch ms. */
  knownAt: number;
  depth?: number;
}

/** One bitemporal roster, replayed from the first event (no checkpoints kept): for one-off use such as the CLI. */
export function rosterKnownAt(store: EventStore, query: RosterQuery): Promise<Roster | undefined> {
  return new StaffingReplay(store, query.stream).rosterKnownAt(
    query.unitId,
    query.asOf,
    query.knownAt,
    query.depth,
  );
}
