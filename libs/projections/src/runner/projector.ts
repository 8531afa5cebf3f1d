import { randomUUID } from 'node:crypto';
import type { EventStore, Position } from '@asn/event-store';
import { controlKeys, readModelKeys, type ControlKeys } from '../keys';
import { FIRST_VERSION } from '../read/projection-queries';
import type { CommitGuard, ReadModelStore } from '../store/read-model-store.port';
import { set } from '../write';
import { GuardLostError, runProjection, type CommittedBatch } from './projection-run';

export interface ProjectorOptions {
  eventStore: EventStore;
  store: ReadModelStore;
  instansi: string;
  batchSize?: number;
  /** Threads that read and project the log during a rebuild (see `RunOptions.rebuildThreads`; default 2). */
  rebuildThreads?: number;
  /** The lease expires this long after its holder stops renewing it; a waiting copy then takes over. */
  leaseTtlMs?: number;
  /** How often a waiting copy tries to take the lease. */
  leaseRetryMs?: number;
  /** Old key versions are dropped this long after a rebuild flips the alias (queries in flight finish). */
  dropDelayMs?: number;
  log?: (message: string) => void;
}

export type ProjectorState = 'stopped' | 'waiting-for-lease' | 'catching-up' | 'live';

export interface ProjectorStatus {
  id: string;
  state: ProjectorState;
  version: number | null;
  checkpoint: Position | null;
  eventsProjected: number;
  lastCommitAt: string | null;
  lastError: string | null;
  rebuild: RebuildStatus | null;
}

export interface RebuildStatus {
  state: 'building' | 'done' | 'failed';
  fromVersion: number | null;
  version: number;
  checkpoint: Position;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The projector: holds a lease in the read-model store so only one copy writes, reads the log from the live
 * version's checkpoint and writes batches guarded by the lease (a copy that lost it cannot write any more).
 * A waiting copy takes over when the lease expires. If the store loses its data (a flush), the guards fail,
 * and the projector starts a new version from the beginning of the log by itself.
 */
export class Projector {
  readonly id = randomUUID();
  private readonly control: ControlKeys;
  private readonly batchSize: number;
  private readonly leaseTtlMs: number;
  private readonly leaseRetryMs: number;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private runAbort: AbortController | undefined;
  private pause: Promise<void> | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private holding = false;
  private rebuilding: Promise<RebuildStatus> | undefined;
  private readonly listeners = new Set<(batch: CommittedBatch) => void>();
  private readonly current: ProjectorStatus;

  constructor(private readonly options: ProjectorOptions) {
    this.control = controlKeys(options.instansi);
    this.batchSize = options.batchSize ?? 1000;
    this.leaseTtlMs = options.leaseTtlMs ?? 5000;
    this.leaseRetryMs = options.leaseRetryMs ?? Math.max(100, Math.floor(this.leaseTtlMs / 5));
    this.current = {
      id: this.id,
      state: 'stopped',
      version: null,
      checkpoint: null,
      eventsProjected: 0,
      lastCommitAt: null,
      lastError: null,
      rebuild: null,
    };
  }

  status(): ProjectorStatus {
    return { ...this.current, rebuild: this.current.rebuild ? { ...this.current.rebuild } : null };
  }

  /** Called after each committed batch of the live version. */
  onCommit(listener: (batch: CommittedBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.runAbort?.abort();
    await this.loop;
    await this.rebuilding?.catch(() => undefined);
    this.stopRenewing();
    if (this.holding) await this.options.store.deleteIfEqual(this.control.lease, this.id).catch(() => false);
    this.holding = false;
    this.current.state = 'stopped';
  }

  /**
   * Builds the read models afresh into a new key version while the live one keeps answering, then pauses the
   * live writer, lets the new version catch up the last few events, flips the alias and drops the old keys.
   */
  rebuild(): Promise<RebuildStatus> {
    if (this.rebuilding) return this.rebuilding;
    this.rebuilding = this.doRebuild().finally(() => (this.rebuilding = undefined));
    return this.rebuilding;
  }

  private async run(): Promise<void> {
    const { store } = this.options;
    while (!this.stopped) {
      try {
        await this.acquireLease();
        if (this.stopped) break;
        if (this.pause) await this.pause;
        const version = await this.liveVersion();
        const keys = readModelKeys(this.options.instansi, version);
        const after = (await store.hget(keys.meta, 'checkpoint')) ?? '0';
        this.current.version = version;
        this.current.checkpoint = after;
        this.current.state = 'catching-up';
        this.log(`projecting into version ${version} from position ${after}`);
        this.runAbort = new AbortController();
        // stop() may have come while this loop awaited: it aborts only the controller it sees.
        if (this.stopped) break;
        await runProjection({
          eventStore: this.options.eventStore,
          store,
          keys,
          after,
          batchSize: this.batchSize,
          signal: this.runAbort.signal,
          guards: () => this.liveGuards(version),
          publishTo: this.control.changes,
          onCommit: (batch) => this.committed(batch),
          onCaughtUp: () => (this.current.state = 'live'),
        });
      } catch (error) {
        if (this.stopped) break;
        this.current.lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof GuardLostError) {
          this.log(`${error.message}; taking the lease again`);
          this.releaseLocally();
        } else {
          this.log(`projector error: ${this.current.lastError}`);
          await sleep(this.leaseRetryMs);
        }
      }
    }
  }

  private liveGuards(version: number): CommitGuard[] {
    return [
      { key: this.control.lease, value: this.id },
      { key: this.control.alias, value: String(version) },
    ];
  }

  private committed(batch: CommittedBatch): void {
    this.current.checkpoint = batch.checkpoint;
    this.current.eventsProjected += batch.events.length;
    this.current.lastCommitAt = new Date().toISOString();
    for (const listener of this.listeners) listener(batch);
  }

  /** The alias; when absent (first start, or the store lost its data) the first version is created. */
  private async liveVersion(): Promise<number> {
    const { store } = this.options;
    const [alias] = await store.get([this.control.alias]);
    if (alias) return Number(alias);
    const ok = await store.commit({
      guards: [{ key: this.control.lease, value: this.id }],
      writes: [set(this.control.alias, String(FIRST_VERSION))],
    });
    if (!ok) throw new GuardLostError('lost the lease while creating the first version');
    this.log(`no live version found: building version ${FIRST_VERSION} from the start of the log`);
    return FIRST_VERSION;
  }

  private async acquireLease(): Promise<void> {
    const { store } = this.options;
    let waiting = false;
    while (!this.stopped && !this.holding) {
      this.current.state = 'waiting-for-lease';
      try {
        if (await store.setIfAbsent(this.control.lease, this.id, this.leaseTtlMs)) {
          this.holding = true;
          this.startRenewing();
          this.log(`took the projector lease (${this.id})`);
          return;
        }
        if (!waiting) this.log(`waiting for the projector lease: another copy holds it (${this.id})`);
        waiting = true;
      } catch (error) {
        this.current.lastError = `lease: ${error instanceof Error ? error.message : String(error)}`;
      }
      await sleep(this.leaseRetryMs);
    }
  }

  private startRenewing(): void {
    this.stopRenewing();
    const every = Math.max(50, Math.floor(this.leaseTtlMs / 3));
    this.renewTimer = setInterval(() => void this.renew(), every);
    this.renewTimer.unref();
  }

  private async renew(): Promise<void> {
    const { store } = this.options;
    try {
      if (!(await store.renewIfEqual(this.control.lease, this.id, this.leaseTtlMs))) {
        this.log('lost the projector lease');
        this.releaseLocally();
        this.runAbort?.abort();
        return;
      }
      const [requested] = await store.get([this.control.rebuildRequest]);
      if (requested && !this.rebuilding) {
        await store.del([this.control.rebuildRequest]);
        this.log('rebuild requested through the store');
        void this.rebuild().catch(() => undefined);
      }
    } catch {
      // Store unreachable: the commit path retries; if the lease expires meanwhile, the guard catches it.
    }
  }

  private stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  private releaseLocally(): void {
    this.holding = false;
    this.stopRenewing();
  }

  private async doRebuild(): Promise<RebuildStatus> {
    const { store, eventStore, instansi } = this.options;
    if (!this.holding) await this.waitFor(() => this.holding, 'the lease');
    const [alias] = await store.get([this.control.alias]);
    const fromVersion = alias ? Number(alias) : null;
    // Without an alias yet, the live loop is creating the first version: build beside it.
    const version = (fromVersion ?? FIRST_VERSION) + 1;
    const keys = readModelKeys(instansi, version);
    const status: RebuildStatus = {
      state: 'building',
      fromVersion,
      version,
      checkpoint: '0',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    this.current.rebuild = status;
    const guards = () => [{ key: this.control.lease, value: this.id }];
    const abort = new AbortController();
    const stopWhenStopped = setInterval(() => (this.stopped || !this.holding) && abort.abort(), 100);
    let resume: () => void = () => undefined;
    try {
      await store.dropPrefix(keys.prefix);
      this.log(`rebuilding into version ${version}`);
      const run = (after: Position) =>
        runProjection({
          eventStore,
          store,
          keys,
          after,
          batchSize: this.batchSize,
          signal: abort.signal,
          guards,
          untilCaughtUp: true,
          rebuildThreads: this.options.rebuildThreads,
          onCheckpoint: (checkpoint) => (status.checkpoint = checkpoint),
        });
      let checkpoint = await run('0');
      // Pause the live writer, project what arrived meanwhile, and flip.
      this.pause = new Promise<void>((resolve) => (resume = resolve));
      this.runAbort?.abort();
      checkpoint = await run(checkpoint);
      if (abort.signal.aborted) throw new Error('the projector stopped or lost its lease during the rebuild');
      const ok = await store.commit({ guards: guards(), writes: [set(this.control.alias, String(version))] });
      if (!ok) throw new GuardLostError('lost the lease before the alias flip');
      this.current.version = version;
      this.current.checkpoint = checkpoint;
      status.state = 'done';
      status.finishedAt = new Date().toISOString();
      this.log(`rebuild done: version ${version} is live at position ${checkpoint}`);
      const old = readModelKeys(instansi, fromVersion ?? FIRST_VERSION).prefix;
      setTimeout(
        () => void store.dropPrefix(old).catch(() => undefined),
        this.options.dropDelayMs ?? 1000,
      ).unref();
      return { ...status };
    } catch (error) {
      status.state = 'failed';
      status.error = error instanceof Error ? error.message : String(error);
      status.finishedAt = new Date().toISOString();
      throw error;
    } finally {
      clearInterval(stopWhenStopped);
      this.pause = undefined;
      resume();
    }
  }

  private async waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.stopped || Date.now() > deadline) throw new Error(`rebuild gave up waiting for ${what}`);
      await sleep(20);
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
