import { threadEntrySource } from '@asn/event-store';
import { Worker } from 'node:worker_threads';
import type { EncodedSnapshot, SaveResult } from './snapshot-file';
import type { SnapshotWorkerReply, SnapshotWorkerRequest } from './snapshot-worker';

/**
 * Writes encoded snapshots on a worker thread (snapshot-worker.ts), one at a time, in the order given.
 * The main thread only takes the snapshot (`encodeSnapshot`: the changed entries as text); the SQLite
 * transaction and the WAL checkpoint run on the worker. If the worker dies, later writes fail: snapshots
 * are a cache of the log, so the caller logs it and start-up replays more of the stream.
 */
export class SnapshotWriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (result: SaveResult) => void; reject: (error: Error) => void }
  >();
  private seq = 0;
  private dead?: Error;
  private closed?: Promise<void>;

  constructor(readonly file: string) {
    this.worker = new Worker(threadEntrySource(__filename, 'snapshot-worker'), {
      eval: true,
      workerData: { file },
    });
    this.worker.unref();
    this.worker.on('message', (reply: SnapshotWorkerReply) => this.receive(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the snapshot worker exited with code ${code}`)));
  }

  /** Resolves once the snapshot is committed to the file. */
  write(snapshot: EncodedSnapshot): Promise<SaveResult> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.closed) return Promise.reject(new Error('the snapshot writer is closed'));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      // Keep the process alive while a write is under way, not while idle.
      this.worker.ref();
      this.worker.postMessage({ seq, snapshot } satisfies SnapshotWorkerRequest);
    });
  }

  /** Waits for the writes under way, then stops the worker. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.dead) return;
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.ref();
      // Messages are handled in order: every write sent before this one is done when it is.
      this.worker.postMessage({ close: true } satisfies SnapshotWorkerRequest);
      await exited;
    })();
    return this.closed;
  }

  private receive(reply: SnapshotWorkerReply): void {
    if ('closed' in reply) return;
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.worker.unref();
    if ('failure' in reply) waiting.reject(new Error(reply.failure));
    else waiting.resolve(reply.result);
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
