/**
 * The snapshot writer thread: owns a write connection to one snapshot file and writes the snapshots the
 * main thread has encoded, one at a time, so that a save (thousands of rows and a WAL checkpoint, tens of
 * milliseconds) never pauses the api's event loop. After a failed write it refuses every later one.
 * Protocol: in `{ seq, snapshot }` or `{ close: true }`; out `{ seq, result }`, `{ seq, failure }` (the
 * transaction was rolled back: the previous snapshot stands) or `{ closed: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
// Only the file module: no domain code (path aliases are not set up on this thread).
import { openSnapshotDatabase, SnapshotWrites, type EncodedSnapshot, type SaveResult } from './snapshot-file';

export type SnapshotWorkerRequest = { seq: number; snapshot: EncodedSnapshot } | { close: true };

export type SnapshotWorkerReply =
  { seq: number; result: SaveResult } | { seq: number; failure: string } | { closed: true };

const port = parentPort;
if (port) {
  const db = openSnapshotDatabase((workerData as { file: string }).file);
  const writes = new SnapshotWrites(db);
  let failed: string | undefined;
  port.on('message', (message: SnapshotWorkerRequest) => {
    if ('close' in message) {
      db.close();
      port.postMessage({ closed: true } satisfies SnapshotWorkerReply);
      port.close();
      return;
    }
    let reply: SnapshotWorkerReply;
    if (failed) {
      // Each snapshot holds only what changed since the one before: after a lost one, none is whole.
      reply = { seq: message.seq, failure: `an earlier snapshot was not written (${failed})` };
    } else {
      try {
        reply = { seq: message.seq, result: writes.write(message.snapshot) };
      } catch (error) {
        failed = (error as Error).message;
        reply = { seq: message.seq, failure: failed };
      }
    }
    port.postMessage(reply);
  });
}
