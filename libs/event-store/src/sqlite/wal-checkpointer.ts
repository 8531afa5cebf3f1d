import { Worker } from 'node:worker_threads';
import { threadEntrySource } from './thread-entry';
import type { CheckpointReply, CheckpointRequest, CheckpointWorkerData } from './wal-checkpoint-worker';

/**
 * Runs the WAL checkpoints of one events file on their own thread (`wal-checkpoint-worker.ts`). Without
 * it, the commit that crosses SQLite's 1,000-page mark copies the WAL into the database file and syncs it
 * before it returns: ~10 ms on this machine, several times a second under load, in the latency of every
 * append of that group and of the group waiting behind it. `onStop` is called once if the thread dies, so
 * that the commits take checkpoints over again.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped = false;
  private closing?: Promise<void>;

  constructor(file: string, intervalMs: number, onStop: (error: Error) => void) {
    this.worker = new Worker(threadEntrySource(__filename, 'wal-checkpoint-worker'), {
      eval: true,
      workerData: { file, intervalMs } satisfies CheckpointWorkerData,
    });
    this.worker.unref();
    const stop = (error: Error): void => {
      if (this.stopped) return;
      this.stopped = true;
      if (!this.closing) onStop(error);
    };
    this.worker.on('error', stop);
    this.worker.on('exit', (code) => stop(new Error(`the WAL checkpoint thread exited with code ${code}`)));
  }

  close(): Promise<void> {
    this.closing ??= this.stopped
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.worker.on('message', (reply: CheckpointReply) => {
            if (reply.closed) resolve();
          });
          this.worker.once('exit', () => resolve());
          this.worker.ref();
          this.worker.postMessage({ close: true } satisfies CheckpointRequest);
        });
    return this.closing;
  }
}
