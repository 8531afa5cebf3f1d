/**
 * The snapshot follower thread (see SnapshotFollower): keeps its own copy of one staffing stream's state by
 * reading the durable events from the log file and folding them with the domain's `evolve`, and writes a
 * snapshot of that copy into the snapshot file it owns every `everyEvents` events. The api's event loop
 * neither encodes nor writes snapshots.
 * Protocol: in `{ durable: revision }` (the log holds the stream up to there, durably) or
 * `{ close: true, final? }` (catch up to `final`, snapshot what is not yet, stop); out `{ written }` after each
 * snapshot, `{ failure }` once (no snapshot is written after it) and `{ closed: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteLogReader } from '@asn/event-store';
import { foldEvents } from './load-state';
import { SqliteSnapshotStore } from './snapshot-store';

export interface FollowerData {
  snapshotFile: string;
  logFile: string;
  stream: string;
  everyEvents: number;
}

export type FollowerRequest = { durable: number } | { close: true; final?: number };

export interface WrittenSnapshot {
  revision: number;
  /** The id of the event at `revision`, to tell this log from another one at the next start. */
  eventId: string;
  /** Entries written (changed since the previous snapshot). */
  entries: number;
  durationMs: number;
}

export type FollowerReply = { written: WrittenSnapshot } | { failure: string } | { closed: true };

/** Events read per query while catching up. */
const PAGE = 2_000;

const port = parentPort;
if (port) {
  const { snapshotFile, logFile, stream, everyEvents } = workerData as FollowerData;
  let store: SqliteSnapshotStore | undefined;
  let log: SqliteLogReader | undefined;
  let failed = false;
  try {
    store = new SqliteSnapshotStore(snapshotFile);
    log = new SqliteLogReader(logFile);
  } catch (error) {
    failed = true;
    port.postMessage({ failure: (error as Error).message } satisfies FollowerReply);
  }
  const state = store?.open(stream);
  let saved = state?.revision ?? -1;
  let lastEventId = '';

  const snapshot = (): void => {
    const result = store!.save(stream, state!);
    saved = result.revision;
    port.postMessage({
      written: {
        revision: result.revision,
        eventId: lastEventId,
        entries: result.written,
        durationMs: result.durationMs,
      },
    } satisfies FollowerReply);
  };

  /** Folds the events up to `upTo`, with a snapshot whenever `everyEvents` were folded since the last one. */
  const follow = (upTo: number, last: boolean): void => {
    if (failed || !state) return;
    try {
      while (state.revision < upTo) {
        // The state is folded from the events' data: their metadata (twice its size) is not even parsed.
        const page = log!.stream(stream, state.revision + 1, Math.min(PAGE, upTo - state.revision), true);
        if (page.length === 0)
          throw new Error(`the log holds ${stream} only up to revision ${state.revision}, not ${upTo}`);
        foldEvents(state, page);
        lastEventId = page[page.length - 1].id;
        if (state.revision - saved >= everyEvents) snapshot();
      }
      if (last && state.revision > saved) snapshot();
    } catch (error) {
      // Each snapshot holds only what changed since the one before, and the state may be half folded: none
      // after this one would be whole. The last written one stands; the next start catches up from it.
      failed = true;
      port.postMessage({ failure: (error as Error).message } satisfies FollowerReply);
    }
  };

  port.on('message', (message: FollowerRequest) => {
    if ('durable' in message) return follow(message.durable, false);
    if (message.final !== undefined) follow(message.final, true);
    log?.close();
    store?.close();
    port.postMessage({ closed: true } satisfies FollowerReply);
    port.close();
  });
}
