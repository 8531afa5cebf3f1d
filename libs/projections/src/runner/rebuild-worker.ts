/**
 * A rebuild thread: reads ranges of the global log from the events file (its own read-only connection),
 * projects them and encodes their writes as Redis commands, so that the thread that commits only
 * adds the guards, the checkpoint and the holder index. The events the holder index needs go back with the
 * writes. Protocol: in `{ seq, after, upTo }`; out `{ seq, range }` or `{ seq, failure }`. The pool ends a
 * thread by terminating it (its connection is closed with it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteLogReader } from '@asn/event-store';
import { readModelKeys } from '../keys';
import { projectedStreamPrefixes, type ProjectedEvent } from '../staffing-projection';
import type { EncodedCommands } from '../store/read-model-store.port';
import { encodeCommands } from '../store/commit-commands';
import { PendingBatch } from './pending-batch';

export interface RebuildWorkerData {
  file: string;
  instansi: string;
  version: number;
}

export interface RebuildWorkerRequest {
  seq: number;
  after: number;
  upTo: number;
}

/** A range of the log, projected. */
export interface ProjectedRange {
  /** Events of the range that the projection reads. */
  count: number;
  /** Placements, separations and annulments, in log order, for the holder index. */
  indexEvents: ProjectedEvent[];
  encoded: EncodedCommands;
}

export type RebuildWorkerReply = { seq: number; range: ProjectedRange } | { seq: number; failure: string };

const port = parentPort;
if (port) {
  const { file, instansi, version } = workerData as RebuildWorkerData;
  const keys = readModelKeys(instansi, version);
  const filter = { streamPrefixes: projectedStreamPrefixes(instansi) };
  const reader = new SqliteLogReader(file);
  port.on('message', (request: RebuildWorkerRequest) => {
    try {
      const batch = new PendingBatch(keys, false);
      for (const event of reader.range(request.after, request.upTo, filter, true)) batch.add(event);
      const writes = batch.writes;
      for (const write of batch.stampWrites()) writes.push(write);
      const encoded = encodeCommands(writes);
      const indexEvents = batch.indexEvents.map(({ type, stream, revision, position, data }) => ({
        type,
        stream,
        revision,
        position,
        data,
      }));
      const reply: RebuildWorkerReply = {
        seq: request.seq,
        range: { count: batch.count, indexEvents, encoded },
      };
      port.postMessage(reply, [encoded.bytes.buffer as ArrayBuffer]);
    } catch (error) {
      const reply: RebuildWorkerReply = {
        seq: request.seq,
        failure: String((error as Error)?.stack ?? error),
      };
      port.postMessage(reply);
    }
  });
}
