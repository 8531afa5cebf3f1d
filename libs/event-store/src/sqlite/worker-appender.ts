import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../errors';
import type { AppendResult } from '../event-store.port';
import type { WorkerReply, WorkerRequest } from './append-worker';
import { refusalFrom, type AppendRequest, type GroupCommitStats } from './sqlite-appender';
import { threadEntrySource } from './thread-entry';
import { WalCheckpointer } from './wal-checkpointer';

/** When and how often the WAL is checkpointed on its own thread; `false` leaves it to the commits. */
export type WalCheckpointThreadOptions =
  | false
  | {
      /** Start the thread once this appender has committed this many events (small stores never need it). */
      afterEvents?: number;
      /** Time between two checkpoints. */
      intervalMs?: number;
    };

/** SQLite's default: a commit that leaves this many WAL pages checkpoints them itself. */
const COMMIT_CHECKPOINT_PAGES = 1000;
/** While the checkpoint thread runs, a commit checkpoints only if the WAL has grown this far (~40 MB). */
const BACKSTOP_CHECKPOINT_PAGES = 10_000;

interface Pending {
  request: AppendRequest;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Sends appends to the append worker thread in groups: while one group is being committed (its fsync
 * runs on the worker), the appends submitted meanwhile wait and go out together as the next group. So the
 * event loop keeps serving requests during the fsync, and the groups grow with the load.
 */
export class WorkerAppender {
  private readonly worker: Worker;
  private waiting: Pending[] = [];
  private inFlight?: { seq: number; group: Pending[] };
  private seq = 0;
  private scheduled = false;
  private closed?: Promise<void>;
  private dead?: Error;
  private committedEvents = 0;
  private checkpointer?: WalCheckpointer;
  private readonly checkpointThread: { afterEvents: number; intervalMs: number } | undefined;

  constructor(
    private readonly file: string,
    private readonly onCommit: (stats: GroupCommitStats) => void,
    checkpointThread: WalCheckpointThreadOptions = {},
  ) {
    this.checkpointThread =
      checkpointThread === false
        ? undefined
        : {
            afterEvents: checkpointThread.afterEvents ?? 1000,
            intervalMs: checkpointThread.intervalMs ?? 100,
          };
    this.worker = new Worker(threadEntrySource(__filename, 'append-worker'), {
      eval: true,
      workerData: { file },
    });
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => this.receive(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the append worker exited with code ${code}`)));
  }

  submit(request: AppendRequest): Promise<AppendResult> {
    if (this.dead || this.closed) return Promise.reject(this.unavailable(this.dead));
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Commits what is queued, then stops the worker (its connection closes). */
  close(): Promise<void> {
    this.closed ??= (async () => {
      while ((this.inFlight || this.waiting.length > 0) && !this.dead) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (this.dead) return;
      await this.checkpointer?.close();
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.ref();
      this.worker.postMessage({ close: true } satisfies WorkerRequest);
      await exited;
    })();
    return this.closed;
  }

  /** Send the waiting appends at the end of this turn (so the turn's appends share a group). */
  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    if (this.inFlight || this.waiting.length === 0 || this.dead) return;
    const group = this.waiting;
    this.waiting = [];
    this.inFlight = { seq: ++this.seq, group };
    // Keep the process alive while a commit is under way, not while idle.
    this.worker.ref();
    this.worker.postMessage({ seq: this.seq, requests: group.map((p) => p.request) } satisfies WorkerRequest);
  }

  private receive(reply: WorkerReply): void {
    if ('closed' in reply) return;
    const flight = this.inFlight;
    if (!flight || flight.seq !== reply.seq) return;
    this.inFlight = undefined;
    this.worker.unref();
    if ('failure' in reply) {
      const error = this.unavailable(new Error(reply.failure));
      for (const { reject } of flight.group) reject(error);
    } else {
      this.onCommit(reply.stats);
      this.committedEvents += reply.stats.events;
      this.startCheckpointThread();
      flight.group.forEach(({ resolve, reject }, i) => {
        const outcome = reply.outcomes[i];
        if (outcome.ok) resolve(outcome.value);
        else reject(refusalFrom(outcome.refusal));
      });
    }
    // What arrived during the commit goes out now as one group.
    this.send();
  }

  /** Once enough has been committed, checkpoints move to their own thread; back to the commits if it dies. */
  private startCheckpointThread(): void {
    const options = this.checkpointThread;
    if (!options || this.checkpointer || this.closed || this.committedEvents < options.afterEvents) return;
    this.checkpointer = new WalCheckpointer(this.file, options.intervalMs, () => {
      if (!this.dead && !this.closed) {
        this.worker.postMessage({ walAutocheckpoint: COMMIT_CHECKPOINT_PAGES } satisfies WorkerRequest);
      }
    });
    this.worker.postMessage({ walAutocheckpoint: BACKSTOP_CHECKPOINT_PAGES } satisfies WorkerRequest);
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    void this.checkpointer?.close();
    const lost = [...(this.inFlight?.group ?? []), ...this.waiting];
    this.inFlight = undefined;
    this.waiting = [];
    // The worker died mid-commit: SQLite rolled back what it had not committed, so nothing is half-written.
    for (const { reject } of lost) reject(this.unavailable(error));
  }

  private unavailable(cause?: Error): StoreUnavailableError {
    if (this.closed && !cause) return new StoreUnavailableError(`the event store on ${this.file} is closed`);
    return new StoreUnavailableError(`appending to ${this.file} failed; nothing was written`, cause);
  }
}
