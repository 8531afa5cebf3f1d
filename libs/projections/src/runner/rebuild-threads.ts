import { Worker } from 'node:worker_threads';
import { threadEntrySource } from '@asn/event-store';
import type {
  ProjectedRange,
  RebuildWorkerData,
  RebuildWorkerReply,
  RebuildWorkerRequest,
} from './rebuild-worker';

interface Waiting {
  resolve: (range: ProjectedRange) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  /** Ranges asked of it and not answered yet, by request number. */
  waiting: Map<number, Waiting>;
  /** Why it stopped answering (failed or exited): later ranges are refused at once. */
  failure?: Error;
}

/**
 * Threads that read and project ranges of the log for a rebuild (see rebuild-worker). A range is given to the
 * thread with the fewest ranges in hand; the caller takes the results in log order. A thread that fails or
 * exits fails every range it holds.
 */
export class RebuildThreads {
  private readonly threads: Thread[] = [];
  private seq = 0;
  private closed = false;

  constructor(data: RebuildWorkerData, count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(threadEntrySource(__filename, 'rebuild-worker', { pathAliases: true }), {
        eval: true,
        workerData: data,
      });
      const waiting = new Map<number, Waiting>();
      const thread: Thread = { worker, waiting };
      const failAll = (error: Error) => {
        thread.failure ??= error;
        for (const entry of waiting.values()) entry.reject(error);
        waiting.clear();
      };
      worker.on('message', (reply: RebuildWorkerReply) => {
        const entry = waiting.get(reply.seq);
        if (!entry) return;
        waiting.delete(reply.seq);
        if ('failure' in reply) entry.reject(new Error(`a rebuild thread failed: ${reply.failure}`));
        else entry.resolve(reply.range);
      });
      // The thread's error comes from its own realm: wrapped, so callers get an Error of this one.
      worker.on('error', (error) =>
        failAll(new Error(`a rebuild thread failed: ${String(error?.message ?? error)}`)),
      );
      worker.on('exit', (code) => failAll(new Error(`a rebuild thread exited (code ${code})`)));
      this.threads.push(thread);
    }
  }

  /** The events at positions in (after, upTo], projected and encoded. */
  project(after: number, upTo: number): Promise<ProjectedRange> {
    if (this.closed) return Promise.reject(new Error('the rebuild threads are closed'));
    const thread = this.threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    // A thread that failed or exited answers nothing more.
    if (thread.failure) return Promise.reject(thread.failure);
    const seq = ++this.seq;
    return new Promise<ProjectedRange>((resolve, reject) => {
      thread.waiting.set(seq, { resolve, reject });
      const request: RebuildWorkerRequest = { seq, after, upTo };
      thread.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map(({ worker }) => worker.terminate()));
  }
}
