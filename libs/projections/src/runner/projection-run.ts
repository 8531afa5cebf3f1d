import type { EventStore, Position, RecordedEvent, Subscription, SubscriptionPage } from '@asn/event-store';
import { comparePositions } from '@asn/event-store';
import type { ReadModelKeys } from '../keys';
import { projectedStreamPrefixes, type ProjectedEvent } from '../staffing-projection';
import type {
  CommitBatch,
  CommitGuard,
  EncodedCommands,
  ReadModelStore,
} from '../store/read-model-store.port';
import { hset, type ReadModelWrite } from '../write';
import { HOLDER_INDEX_FIELD, HolderIndex } from './holder-index';
import { PendingBatch, type EventInfo } from './pending-batch';
import { RebuildThreads } from './rebuild-threads';
import type { ProjectedRange } from './rebuild-worker';

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
  /** Called after each committed batch with its events (kept for this; prefer onCheckpoint when not needed). */
  onCommit?: (info: CommittedBatch) => void;
  /** Called after each committed batch with its checkpoint. */
  onCheckpoint?: (checkpoint: Position) => void;
  /** Called when the log as it was at the start has been projected. */
  onCaughtUp?: (checkpoint: Position) => void;
  /**
   * Threads that read and project the log while rebuilding (`untilCaughtUp`, at least ten batches behind),
   * when the log is a SQLite file, the store takes encoded commands (Redis) and no events are kept for
   * listeners; 0 projects on this thread. Default 2.
   */
  rebuildThreads?: number;
}

export interface CommittedBatch {
  version: number;
  checkpoint: Position;
  events: Pick<RecordedEvent, 'type' | 'stream' | 'revision' | 'position'>[];
}

/**
 * A subscription that also delivers its messages a page at a time (CatchUpSubscription: the SQLite and memory
 * stores). Not part of the store's port: a run uses it when the subscription offers it.
 */
interface PagedSubscription extends Subscription {
  pages(): AsyncIterable<SubscriptionPage>;
}

const isPaged = (subscription: Subscription): subscription is PagedSubscription =>
  typeof (subscription as Partial<PagedSubscription>).pages === 'function';

/** Sealed batches waiting for the writer: enough to keep it busy, few enough to keep little in memory. */
const READY_BATCHES = 2;

/**
 * Reads the global log from `after` and writes the read models of one key version: events are projected as
 * the subscription delivers them and written in batches, each batch with its checkpoint in one transaction.
 * While a batch is being written the next one fills, so batches grow by themselves under load. A failed
 * commit ends the run (nothing of that batch was written); the caller resumes from the stored checkpoint.
 */
export async function runProjection(options: RunOptions): Promise<Position> {
  const { eventStore, keys, batchSize, signal } = options;
  const keepEvents = options.onCommit !== undefined || options.publishTo !== undefined;
  const threads = options.rebuildThreads ?? 2;
  const file = eventStore.logFile?.();
  if (options.untilCaughtUp && threads > 0 && file && options.store.takesEncodedCommands && !keepEvents) {
    // Threads take a moment to start: worth it for a rebuild, not for a short catch-up.
    const head = Number(await eventStore.headPosition());
    if (head - Number(options.after) >= THREADS_FROM * batchSize)
      return rebuildOnThreads(options, file, threads, head);
  }
  const index = await HolderIndex.open(options.store, keys, options.after);
  const subscription = eventStore.subscribeToAll({
    after: options.after,
    filter: { streamPrefixes: projectedStreamPrefixes(keys.instansi) },
    // Projections read the envelope and the data, never the metadata (twice the data's size on SQLite).
    omitMetadata: true,
  });
  let filling = new PendingBatch(keys, keepEvents);
  /** Full batches, and the batch cut by a caught-up message, in log order. */
  const ready: PendingBatch[] = [];
  const seal = (): PendingBatch => {
    const sealed = filling;
    filling = new PendingBatch(keys, keepEvents);
    return sealed;
  };
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

  /** Adds an event, or the caught-up mark; resolves (when it must wait at all) once the writer took a batch. */
  const take = (event: RecordedEvent | undefined, caughtUpAt?: Position): Promise<void> | undefined => {
    if (event) {
      filling.add(event);
      if (filling.count < batchSize) {
        // The writer takes a partial batch only when it has nothing else to do (live: low latency).
        if (ready.length === 0) notify();
        return undefined;
      }
    } else filling.caughtUpAt = caughtUpAt;
    ready.push(seal());
    notify();
    return ready.length >= READY_BATCHES ? writerTookOne() : undefined;
  };
  const writerTookOne = async () => {
    while (ready.length >= READY_BATCHES && !signal.aborted && !stopping) {
      await new Promise<void>((resolve) => (drained = resolve));
    }
  };

  const consume = (async () => {
    try {
      // Pages for rebuilds only: a live run (the api's in-process projector) stays on the per-event path,
      // with which the api's commands answered faster (p99 at 2,000 commands/s ~25 ms against ~130 ms with
      // pages; not explained yet).
      if (options.untilCaughtUp && isPaged(subscription)) {
        for await (const page of subscription.pages()) {
          for (const event of page.events) {
            if (signal.aborted || stopping) return;
            const waiting = take(event);
            if (waiting) await waiting;
          }
          // Reading never waits for I/O: without a turn of the event loop, the store's replies (and so the
          // writer) would wait until the reader blocks on a full queue.
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (page.caughtUpAt === undefined) continue;
          if (signal.aborted || stopping) return;
          const waiting = take(undefined, page.caughtUpAt);
          if (waiting) await waiting;
        }
      } else {
        for await (const message of subscription) {
          if (signal.aborted || stopping) break;
          const waiting = message.kind === 'event' ? take(message.event) : take(undefined, message.position);
          if (waiting) await waiting;
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
      const batch = ready.shift() ?? (filling.count > 0 ? seal() : undefined);
      if (!batch) {
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      drained?.();
      drained = undefined;
      const caughtUpAt = batch.caughtUpAt;
      let next = batch.last ?? sent;
      if (caughtUpAt !== undefined && comparePositions(caughtUpAt, next) > 0) next = caughtUpAt;
      if (batch.count > 0 || comparePositions(next, sent) > 0) {
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
            options.onCheckpoint?.(checkpoint);
            options.onCommit?.({ version: keys.version, checkpoint, events: batch.events ?? [] });
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

/** What a batch brings to its commit: a PendingBatch, or a range projected by a rebuild thread. */
interface BatchContent {
  writes: ReadModelWrite[];
  stampWrites(): ReadModelWrite[];
  indexEvents: readonly ProjectedEvent[];
  events?: EventInfo[];
  encoded?: EncodedCommands;
}

async function prepareBatch(
  options: RunOptions,
  index: HolderIndex,
  batch: BatchContent,
  checkpoint: Position,
  follows: Position,
): Promise<CommitBatch> {
  const { keys } = options;
  const writes = batch.writes;
  for (const write of batch.stampWrites()) writes.push(write);
  for (const write of await index.writesFor(batch.indexEvents)) writes.push(write);
  writes.push(
    hset(keys.meta, 'checkpoint', checkpoint),
    hset(keys.meta, 'updatedAt', new Date().toISOString()),
  );
  if (index.complete) writes.push(hset(keys.meta, HOLDER_INDEX_FIELD, '1'));
  const events = batch.events;
  const publish =
    options.publishTo && events && events.length > 0
      ? {
          channel: options.publishTo,
          message: JSON.stringify({
            version: keys.version,
            position: checkpoint,
            events: events.slice(-100),
            count: events.length,
          }),
        }
      : undefined;
  return {
    guards: options.guards(),
    follows: { key: keys.meta, field: 'checkpoint', value: follows },
    writes,
    publish,
    encoded: batch.encoded,
  };
}

/** A rebuild goes on threads when at least this many batches of the log lie ahead. */
const THREADS_FROM = 10;

/** Ranges of the log each rebuild thread may hold: one being projected, one waiting. */
const RANGES_PER_THREAD = 2;

/**
 * A rebuild with the reading and projecting on threads: the log up to its head at the start is cut into
 * ranges of `batchSize` positions, projected by the threads in parallel and committed here in log order,
 * each with the holder index's writes and its checkpoint, two commits in flight at most (as in
 * `runProjection`). A range with no projected event moves the checkpoint with the next one.
 */
async function rebuildOnThreads(
  options: RunOptions,
  file: string,
  threadCount: number,
  head: number,
): Promise<Position> {
  const { keys, signal, store, batchSize } = options;
  const index = await HolderIndex.open(store, keys, options.after);
  const threads = new RebuildThreads({ file, instansi: keys.instansi, version: keys.version }, threadCount);
  const ahead: { upTo: number; range: Promise<ProjectedRange> }[] = [];
  let requested = Number(options.after);
  const requestMore = () => {
    while (ahead.length < threadCount * RANGES_PER_THREAD && requested < head) {
      const after = requested;
      requested = Math.min(head, after + batchSize);
      const range = threads.project(after, requested);
      // Awaited in order below; a range abandoned by an abort must not be reported as unhandled.
      range.catch(() => undefined);
      ahead.push({ upTo: requested, range });
    }
  };
  let checkpoint = options.after;
  let sent = options.after;
  let inflight: Promise<void> | undefined;
  try {
    requestMore();
    while (ahead.length > 0 && !signal.aborted) {
      const { upTo, range } = ahead.shift()!;
      const projected = await range;
      requestMore();
      if (projected.count === 0 && upTo < head) continue;
      const next = String(upTo);
      const follows = sent;
      sent = next;
      const content: BatchContent = {
        writes: [],
        stampWrites: () => [],
        indexEvents: projected.indexEvents,
        encoded: projected.encoded,
      };
      const commit = await prepareBatch(options, index, content, next, follows);
      if (signal.aborted) break;
      const committing = store.commit(commit).then((ok) => {
        if (!ok) throw new GuardLostError('the lease or the live version changed');
        checkpoint = next;
        options.onCheckpoint?.(checkpoint);
      });
      committing.catch(() => undefined);
      await inflight;
      inflight = committing;
    }
    await inflight;
  } finally {
    await threads.close();
    await inflight?.catch(() => undefined);
  }
  if (!signal.aborted) options.onCaughtUp?.(checkpoint);
  return checkpoint;
}
