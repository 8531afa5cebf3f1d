import type { Position, RecordedEvent } from '@asn/event-store';
import type { ReadModelKeys } from '../keys';
import { projectEvent } from '../staffing-projection';
import { hset, type ReadModelWrite } from '../write';
import { HolderIndex } from './holder-index';

/** What a committed batch says about each of its events (for listeners and the change channel). */
export type EventInfo = Pick<RecordedEvent, 'id' | 'type' | 'stream' | 'revision' | 'position'>;

/**
 * The next batch, projected event by event as the log delivers it: the event objects themselves are not
 * kept, so they die young (a queue of parsed events waiting for the writer was most of the runner's
 * garbage-collection work). What is kept: the writes, each entity's stamp, the few events the holder index
 * needs, and (only when asked for) a short description of every event.
 */
export class PendingBatch {
  readonly writes: ReadModelWrite[] = [];
  /** Entity key -> position of the last event in the batch that wrote it. */
  readonly stamps = new Map<string, Position>();
  /** Placements, separations and annulments, in log order, for the holder index. */
  readonly indexEvents: RecordedEvent[] = [];
  readonly events: EventInfo[] | undefined;
  count = 0;
  /** Position of the last event added. */
  last: Position | undefined;
  /** The log was caught up at this position right after the batch's events. */
  caughtUpAt: Position | undefined;

  constructor(
    private readonly keys: ReadModelKeys,
    keepEvents: boolean,
  ) {
    this.events = keepEvents ? [] : undefined;
  }

  add(event: RecordedEvent): void {
    const { keys, writes, stamps } = this;
    for (const write of projectEvent(event, keys)) {
      writes.push(write);
      if (keys.stamped(write.key)) stamps.set(write.key, event.position);
    }
    if (HolderIndex.concerns(event.type)) this.indexEvents.push(event);
    const { id, type, stream, revision, position } = event;
    this.events?.push({ id, type, stream, revision, position });
    this.count++;
    this.last = position;
  }

  /**
   * Each entity written, stamped with the position of the last event that wrote it (the same in a live run
   * and a rebuild, whatever the batches).
   */
  stampWrites(): ReadModelWrite[] {
    const { keys } = this;
    return [...this.stamps].map(([key, position]) =>
      hset(keys.stamps, key.slice(keys.prefix.length), position),
    );
  }
}
