/**
 * The WAL checkpoint thread of one events file: every `intervalMs` it copies the committed WAL frames into
 * the database file (a PASSIVE checkpoint: it waits for no reader and no writer, and SQLite restarts the WAL
 * from its start once every frame is copied and no reader needs it). So the append worker's commits never
 * pay for a checkpoint themselves. Protocol: in `{ close: true }`; out `{ closed: true }`.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  intervalMs: number;
}

export type CheckpointRequest = { close: true };
export type CheckpointReply = { closed: true };

const port = parentPort;
if (port) {
  const { file, intervalMs } = workerData as CheckpointWorkerData;
  const db = new Database(file, { fileMustExist: true });
  // A checkpoint syncs the WAL before it copies frames and the database file after.
  db.pragma('synchronous = FULL');
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  const timer = setInterval(() => checkpoint.run(), intervalMs);
  port.on('message', (message: CheckpointRequest) => {
    if (!('close' in message)) return;
    clearInterval(timer);
    db.close();
    port.postMessage({ closed: true } satisfies CheckpointReply);
    port.close();
  });
}
