/**
 * The append worker thread: owns the write connection of one events file and commits the groups the main
 * thread sends, one at a time, so that the fsync of a commit never blocks the main thread's event loop.
 * Protocol: in `{ seq, requests }`, `{ walAutocheckpoint }` or `{ close: true }`; out `{ seq, outcomes,
 * stats }` or `{ seq, failure }` when the whole group was rolled back (nothing written), and `{ closed: true }`.
 * `walAutocheckpoint` sets how many WAL pages a commit may leave before it checkpoints them itself: SQLite's
 * 1,000 until the checkpoint thread runs, a backstop while it does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEventDatabase } from './event-database';
import { refusalData, SqliteAppender, type AppendRequest } from './sqlite-appender';

export type WorkerRequest =
  { seq: number; requests: AppendRequest[] } | { walAutocheckpoint: number } | { close: true };

export type WorkerReply =
  | {
      seq: number;
      outcomes: (
        | { ok: true; value: { nextRevision: number; position: string } }
        | { ok: false; refusal: ReturnType<typeof refusalData> }
      )[];
      stats: { appends: number; events: number; durationMs: number };
    }
  | { seq: number; failure: string }
  | { closed: true };

const port = parentPort;
if (port) {
  const db = openEventDatabase((workerData as { file: string }).file);
  const appender = new SqliteAppender(db);
  port.on('message', (message: WorkerRequest) => {
    if ('close' in message) {
      db.close();
      port.postMessage({ closed: true } satisfies WorkerReply);
      port.close();
      return;
    }
    if ('walAutocheckpoint' in message) {
      db.pragma(`wal_autocheckpoint = ${Math.trunc(message.walAutocheckpoint)}`);
      return;
    }
    let reply: WorkerReply;
    try {
      const { outcomes, stats } = appender.commit(message.requests);
      reply = {
        seq: message.seq,
        outcomes: outcomes.map((o) => (o.ok ? o : { ok: false, refusal: refusalData(o.error) })),
        stats,
      };
    } catch (error) {
      reply = { seq: message.seq, failure: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
