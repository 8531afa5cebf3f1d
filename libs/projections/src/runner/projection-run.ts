import type { EventStore, Position, RecordedEvent } from '@asn/event-store';
import { comparePositions } from '@asn/event-store';
import type { ReadModelKeys } from '../keys';
import { projectEvent, projectedStreamPrefixes } from '../staffing-projection';
import type { CommitBatch, CommitGuard, ReadModelStore } from '../store/read-model-store.port';
import { hset, type ReadModelWrite } from '../write';
import { HOLDER_INDEX_FIELD, HolderIndex } from './holder-index';

/** A commit was refused: the lease or the alias changed hands; this copy must stop writing. */
export class GuardLostError extends Error {
  constructor(what: string) {
    super(`stopped writing read models: ${what}`);
    this.name = 'GuardLostError';
  }
}

export interface RunOptions {
  eventStore: EventStore;
  store: ReadModelStore;
  keys: ReadModelKeys;
  guards: () => CommitGuard[];
  /** Exclusive: project events after this position. */
  after: Position;
  batchSize: number;
  signal: AbortSignal;
  /** Resolve once the log as it was at the start has been projected (rebuilds); otherwise run until aborted. */
  untilCaughtUp?: boolean;
  /** Channel to publish each committed batch on (live dashboards). */
  publishTo?: string;
  onCommit?: (info: CommittedBatch) => void;
  /** Called when the log as it was at the start has been projected. */
  onCaughtUp?: (checkpoint: Position) => void;
}

export interface CommittedBatch {
  version: number;
  checkpoint: Position;
  events: Pick<RecordedEvent, 'type' | 'stream' | 'revision' | 'position'>[];
}

/**
 * Reads the global log from `after` and writes the read models of one key version: events are queued as the
 * subscription delivers them and written in batches, each batch with its checkpoint in one transaction.
 * While a batch is being written the next one fills, so batches grow by themselves under load. A failed
 * commit ends the run (nothing of that batch was written); the caller resumes from the stored checkpoint.
 */
export async function runProjection(options: RunOptions): Promise<Position> {
  const { eventStore, keys, batchSize, signal } = options;
  const index = await HolderIndex.open(options.store, keys, options.after);
  const subscription = eventStore.subscribeToAll({
    after: options.after,
    filter: { streamPrefixes: projectedStreamPrefixes(keys.instansi) },
  });
  let queue: (RecordedEvent | { caughtUp: Position })[] = [];
  let checkpoint = options.after;
  let wake: (() => void) | undefined;
  let drained: (() => void) | undefined;
  let ended = false;
  /** The writer stopped (done or failed): the reader must not wait for it to drain the queue. */
  let stopping = false;
  let failure: unknown;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const onAbort = () => {
    void subscription.close();
    notify();
    drained?.();
  };
  signal.addEventListener('abort', onAbort);

  const consume = (async () => {
    try {
      for await (const message of subscription) {
        if (signal.aborted || stopping) break;
        queue.push(message.kind === 'event' ? message.event : { caughtUp: message.position });
        notify();
        while (queue.length >= batchSize * 4 && !signal.aborted && !stopping) {
          await new Promise<void>((resolve) => (drained = resolve));
        }
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
      notify();
    }
  })();

  // Two batches may be in flight: the next is sent while the store applies the previous one. Each names
  // the checkpoint it follows, so they can only land in order. A batch is prepared (its holder-index writes
  // depend on the batches before it) and sent only after the previous one was sent.
  let sent = options.after;
  let inflight: Promise<void> | undefined;
  let sending: Promise<unknown> = Promise.resolve();
  const settle = async () => {
    const pending = inflight;
    inflight = undefined;
    await pending;
  };
  try {
    while (!signal.aborted) {
      if (failure) throw failure;
      if (queue.length === 0) {
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const batch: RecordedEvent[] = [];
      let caughtUpAt: Position | undefined;
      let taken = 0;
      while (taken < queue.length && batch.length < batchSize) {
        const item = queue[taken++];
        if ('caughtUp' in item) {
          caughtUpAt = item.caughtUp;
          break;
        }
        batch.push(item);
      }
      // One slice per batch: shifting item by item would move the whole queue each time.
      queue = queue.slice(taken);
      drained?.();
      drained = undefined;
      let next = batch.length ? batch[batch.length - 1].position : sent;
      if (caughtUpAt !== undefined && comparePositions(caughtUpAt, next) > 0) next = caughtUpAt;
      if (batch.length > 0 || comparePositions(next, sent) > 0) {
        const follows = sent;
        sent = next;
        const sendingThis = sending.then(async () => {
          const commit = await prepareBatch(options, index, batch, next, follows);
          // Wrapped, so this promise settles once the commit is sent, not once it is applied.
          return { done: options.store.commit(commit) };
        });
        sending = sendingThis.catch(() => undefined);
        const committing = sendingThis
          .then(({ done }) => done)
          .then((ok) => {
            if (!ok) throw new GuardLostError('the lease or the live version changed');
            checkpoint = next;
            options.onCommit?.({
              version: keys.version,
              checkpoint,
              events: batch.map(({ type, stream, revision, position }) => ({
                type,
                stream,
                revision,
                position,
              })),
            });
          });
        committing.catch(() => undefined);
        await settle();
        inflight = committing;
      }
      if (caughtUpAt !== undefined) {
        await settle();
        options.onCaughtUp?.(checkpoint);
        if (options.untilCaughtUp) break;
      }
    }
    await settle();
  } finally {
    stopping = true;
    signal.removeEventListener('abort', onAbort);
    await subscription.close();
    drained?.();
    await consume;
    await inflight?.catch(() => undefined);
  }
  return checkpoint;
}

async function prepareBatch(
  options: RunOptions,
  index: HolderIndex,
  batch: RecordedEvent[],
  checkpoint: Position,
  follows: Position,
): Promise<CommitBatch> {
  const { keys } = options;
  const writes: ReadModelWrite[] = [];
  // Each entity written is stamped with the position of the last event that wrote it (the same in a live
  // run and a rebuild, whatever the batches).
  const stamps = new Map<string, string>();
  for (const event of batch) {
    for (const write of projectEvent(event, keys)) {
      writes.push(write);
      if (keys.stamped(write.key)) stamps.set(write.key, event.position);
    }
  }
  for (const [key, position] of stamps)
    writes.push(hset(keys.stamps, key.slice(keys.prefix.length), position));
  for (const write of await index.writesFor(batch)) writes.push(write);
  writes.push(
    hset(keys.meta, 'checkpoint', checkpoint),
    hset(keys.meta, 'updatedAt', new Date().toISOString()),
  );
  if (index.complete) writes.push(hset(keys.meta, HOLDER_INDEX_FIELD, '1'));
  const publish =
    options.publishTo && batch.length > 0
      ? {
          channel: options.publishTo,
          message: JSON.stringify({
            version: keys.version,
            position: checkpoint,
            events: batch.slice(-100).map(({ id, type, stream, revision, position }) => ({
              id,
              type,
              stream,
              revision,
              position,
            })),
            count: batch.length,
          }),
        }
      : undefined;
  return {
    guards: options.guards(),
    follows: { key: keys.meta, field: 'checkpoint', value: follows },
    writes,
    publish,
  };
}
