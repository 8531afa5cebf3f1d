import { threadEntrySource } from '@asn/event-store';
import { Worker } from 'node:worker_threads';
import type { SnapshotPolicy } from './load-state';
import type {
  FollowerData,
  FollowerReply,
  FollowerRequest,
  WrittenSnapshot,
} from './snapshot-follower-worker';

export type { WrittenSnapshot } from './snapshot-follower-worker';

export interface FollowerOptions {
  snapshotFile: string;
  /** The SQLite events file the stream is appended to (`EventStore.logFile()`). */
  logFile: string;
  stream: string;
  policy: SnapshotPolicy;
  /** The revision the api's state was loaded at: nothing before it is announced. */
  startRevision: number;
  onWritten(snapshot: WrittenSnapshot): void;
  /** Once, when the thread stops taking snapshots (the last written one stands). */
  onFailure(error: Error): void;
}

/**
 * Takes the snapshots of one staffing stream on a thread of its own (snapshot-follower-worker.ts), which
 * follows the log: it folds the durable events into its own copy of the state and writes a snapshot of it
 * every `policy.everyEvents` events. The api only tells it, when a snapshot is due, how far the log is
 * durable: one message every few hundred events, and its event loop never encodes or writes a snapshot.
 * The thread must be the only writer of the snapshot file.
 */
export class SnapshotFollower {
  private readonly worker: Worker;
  private announced: number;
  private head: number;
  private stopped = false;
  private exited = false;
  private closed?: Promise<void>;
  /** Resolves `closed` once the thread said it is done (its last `written` came before). */
  private done?: () => void;

  constructor(private readonly options: FollowerOptions) {
    this.announced = options.startRevision;
    this.head = options.startRevision;
    this.worker = new Worker(
      threadEntrySource(__filename, 'snapshot-follower-worker', { pathAliases: true }),
      {
        eval: true,
        workerData: {
          snapshotFile: options.snapshotFile,
          logFile: options.logFile,
          stream: options.stream,
          everyEvents: options.policy.everyEvents,
        } satisfies FollowerData,
      },
    );
    this.worker.unref();
    this.worker.on('message', (reply: FollowerReply) => this.receive(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closed) this.fail(new Error(`the snapshot follower exited with code ${code}`));
      // Replies still queued are delivered first.
      setImmediate(() => this.done?.());
    });
  }

  /** The log holds the stream durably up to `revision`: the thread follows when a snapshot is due. */
  durable(revision: number): void {
    this.head = Math.max(this.head, revision);
    if (this.stopped || !this.options.policy.due(this.announced, revision)) return;
    this.announced = revision;
    this.post({ durable: revision });
  }

  /** Lets the thread catch up to the last durable revision and snapshot it, then stops it. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.exited) return;
      const done = new Promise<void>((resolve) => (this.done = resolve));
      this.worker.ref();
      this.post({ close: true, final: this.head });
      await done;
    })();
    return this.closed;
  }

  private post(message: FollowerRequest): void {
    this.worker.postMessage(message);
  }

  private receive(reply: FollowerReply): void {
    if ('written' in reply) this.options.onWritten(reply.written);
    else if ('failure' in reply) this.fail(new Error(reply.failure));
    else this.done?.();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.onFailure(error);
  }
}
