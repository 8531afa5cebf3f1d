import {
  ConcurrencyError,
  EventMetadata,
  EventStore,
  EventToAppend,
  RecordedEvent,
  StoreUnavailableError,
} from '@asn/event-store';
import type { Decision, Violation, Warning } from '@asn/domain';
import { ProblemException } from '../errors/problem';
import type { CommandMeta } from './command-meta';
import { CommandResponse, EventRef, toWarnings } from './command-response';
import { eventIdFor } from './ids';

type AnyEvent = { type: string; data: unknown };

/** How a stream's state is folded. */
export interface StreamModel<S, E extends AnyEvent> {
  initial(): S;
  /** Folds `event` (at `revision`) into `state`; may mutate it. */
  evolve(state: S, event: E, revision: number): S;
  /**
   * The state up to some revision without reading the log from the start (a snapshot); the writer folds
   * the events after it. Without it, the state is `initial()` folded with the whole stream.
   */
  load?(): Promise<{ state: S; revision: number }>;
  /**
   * Told after every durable append, in order, with the revision the stream is now durable up to (e.g. to
   * take a snapshot from the log). Never handed the state: it may already hold a batch decided ahead.
   */
  durable?(revision: number): void;
}

/** A command for one stream, decided against the cached state. */
export interface WriteRequest<S, E extends AnyEvent> {
  meta: CommandMeta;
  /** The decree the events belong to, recorded in every event's metadata. */
  decree?: { decreeId?: string; number?: string };
  /** Version of the entity the command is about, for If-Match; undefined when it does not exist. */
  version?(state: S, revision: number): string | undefined;
  decide(state: S): Decision<E>;
}

/** What the writer keeps of a command with an Idempotency-Key, rebuilt from the log at load. */
interface StoredCommand {
  requestHash: string;
  response: CommandResponse;
}

type Outcome =
  | { kind: 'events'; events: EventToAppend[]; refs: EventRef[]; warnings: Warning[]; decreeId?: string }
  | { kind: 'value'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'same-as'; job: Job };

/** A batch decided while the previous one was being appended, on the state that holds its events. */
interface Ahead {
  events: EventToAppend[];
  /** `generation` when it was decided: any failure since makes it void. */
  generation: number;
}

interface Job {
  request?: WriteRequest<unknown, AnyEvent>;
  read?: (state: unknown, revision: number) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  outcome?: Outcome;
  /** Answered (a batch decided ahead can be answered with an error before its turn). */
  settled?: boolean;
}

export interface StreamWriterOptions {
  maxRetries?: number;
  maxBatch?: number;
}

const DEFAULTS: Required<StreamWriterOptions> = { maxRetries: 5, maxBatch: 512 };

/** Answers of keyed commands kept per stream (oldest dropped first); the gateway keeps recent ones too. */
const STORED_COMMANDS = 200_000;

/**
 * When the state comes from a snapshot, the answers to keyed commands are rebuilt from this many events
 * before it: an Idempotency-Key retry is recognised if its command is among the stream's last 20,000 events
 * at start-up, or was written since.
 */
export const IDEMPOTENCY_WINDOW = 20_000;

/** Rejection of a decision: 404 when it names an entity that does not exist, 400 for a malformed shape, else 422. */
export function rejection(violations: Violation[]): ProblemException {
  const list = violations.map((v) => {
    const out: { code: string; message: string; line?: number; field?: string } = {
      code: v.code,
      message: v.message,
    };
    if (v.line !== undefined) out.line = v.line;
    if (v.field !== undefined) out.field = v.field;
    return out;
  });
  const notFound = violations.find((v) => v.code === 'NOT_FOUND');
  if (notFound) return new ProblemException('NOT_FOUND', notFound.message, list);
  // The domain also refuses some shapes a DTO cannot express (e.g. level missing for FUNGSIONAL): 400.
  const malformed = violations.filter((v) => v.code === 'VALIDATION_FAILED');
  if (malformed.length)
    return new ProblemException('VALIDATION_FAILED', malformed.map((v) => v.message).join('; '), list);
  const detail = violations.map((v) => (v.line === undefined ? v.message : `line ${v.line}: ${v.message}`));
  return new ProblemException(
    'RULE_VIOLATION',
    detail.slice(0, 5).join('; ') + (detail.length > 5 ? `; and ${detail.length - 5} more` : ''),
    list,
  );
}

/**
 * The write side of one stream. Commands are decided one at a time against the cached state; the events of
 * every command decided in one turn go out in ONE append with the expected revision (group commit), and
 * each command is answered only after that append resolves. A failed append drops the cache (it holds
 * tentative events) and a ConcurrencyError re-decides the turn on a fresh state, a bounded number of times.
 *
 * While one batch is being appended (its commit and fsync on the store's thread), the commands that arrived
 * meanwhile are decided on the state that already holds its events (decided ahead), so the event loop works
 * during the fsync instead of waiting for it. That batch is appended only once the one before is durable,
 * with the revision that one ended at; if anything failed meanwhile (the generation moved), it is decided
 * again from the start. Nothing decided ahead is answered or remembered before it is durable.
 */
export class StreamWriter<S, E extends AnyEvent> {
  private state?: S;
  /** Revision of the last event folded into `state` (-1: empty stream). */
  private revision = -1;
  private readonly stored = new Map<string, StoredCommand>();
  private queue: Job[] = [];
  private running = false;
  /** Moves whenever the cached state is dropped: what was decided on it before is void. */
  private generation = 0;
  /** True while a batch's append is in the store (the state holds its events, decided and folded). */
  private appending = false;
  /** The keyed commands of the batch being appended, for a retry that arrives while it commits. */
  private inFlight = new Map<string, Job>();
  private readonly options: Required<StreamWriterOptions>;

  constructor(
    private readonly store: EventStore,
    readonly stream: string,
    private readonly model: StreamModel<S, E>,
    options: StreamWriterOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** True while commands are queued or being written (the LRU of employee streams keeps busy writers). */
  get busy(): boolean {
    return this.running || this.queue.length > 0;
  }

  /** Decides and writes a command; resolves with the 201 body once the events are durable. */
  execute(request: WriteRequest<S, E>): Promise<CommandResponse> {
    return this.enqueue({
      request: request as unknown as WriteRequest<unknown, AnyEvent>,
    }) as Promise<CommandResponse>;
  }

  /** Reads the state in command order (sees every command acknowledged before it). */
  query<T>(read: (state: S, revision: number) => T): Promise<T> {
    return this.enqueue({ read: read as (state: unknown, revision: number) => unknown }) as Promise<T>;
  }

  private enqueue(job: Omit<Job, 'resolve' | 'reject'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...job, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let the rest of this turn's requests join the batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    let previous: Promise<void> | undefined;
    try {
      for (;;) {
        if (this.queue.length === 0) {
          if (!previous) break;
          await previous;
          previous = undefined;
          // Let the requests answered meanwhile come back before deciding that the queue is empty.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        const batch =
          this.queue.length <= this.options.maxBatch
            ? this.queue
            : this.queue.slice(0, this.options.maxBatch);
        this.queue = batch === this.queue ? [] : this.queue.slice(this.options.maxBatch);
        let ahead: Ahead | undefined;
        if (previous) {
          ahead = this.decideAhead(batch);
          await previous;
        }
        // Not awaited: the next batch is decided while this one commits.
        previous = this.runBatch(batch, ahead);
        // Let the requests that arrive during the append reach the queue, so the next turn is one batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  /** Decides `batch` on the state that holds the batch being appended, when that state is there. */
  private decideAhead(batch: Job[]): Ahead | undefined {
    if (!this.appending || this.state === undefined) return undefined;
    const generation = this.generation;
    const events = this.decideAll(batch);
    return events === 'failed' ? undefined : { events, generation };
  }

  private async runBatch(batch: Job[], ahead?: Ahead): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let toAppend: EventToAppend[] | 'failed';
      if (attempt === 0 && ahead && ahead.generation === this.generation) {
        toAppend = ahead.events;
      } else {
        if (batch.every((job) => job.settled)) return;
        try {
          await this.catchUp();
        } catch (error) {
          this.invalidate();
          return this.settle(batch, error);
        }
        toAppend = this.decideAll(batch);
      }
      if (toAppend === 'failed') return;
      if (toAppend.length === 0) return this.settle(batch);
      // The revision this batch's events end at; the state may hold a batch decided after it.
      const end = this.revision;
      const expected = end - toAppend.length;
      this.appending = true;
      for (const job of batch) {
        const meta = job.request?.meta;
        if (meta?.idempotencyKey !== undefined && job.outcome?.kind === 'events')
          this.inFlight.set(meta.commandId, job);
      }
      try {
        const result = await this.store.append(this.stream, toAppend, expected < 0 ? 'no_stream' : expected);
        this.remember(batch, result.position);
        this.tellDurable(end);
        return this.settle(batch, undefined, result.position);
      } catch (error) {
        this.invalidate();
        if (error instanceof ConcurrencyError && attempt < this.options.maxRetries) continue;
        const reported =
          error instanceof ConcurrencyError
            ? new ProblemException(
                'UNAVAILABLE',
                `stream ${this.stream} is being written by another process too fast; nothing was written, retry`,
                undefined,
                { 'Retry-After': '1' },
              )
            : error;
        return this.settle(batch, reported);
      } finally {
        this.appending = false;
        this.inFlight.clear();
      }
    }
  }

  /** Decides every job in order, folding accepted events into the cache; returns the events to append. */
  private decideAll(batch: Job[]): EventToAppend[] | 'failed' {
    const state = this.state as S;
    const events: EventToAppend[] = [];
    const pending = new Map<string, Job>();
    const recordedAt = new Date().toISOString();
    for (const job of batch) {
      if (job.read) {
        try {
          job.outcome = { kind: 'value', value: job.read(state, this.revision) };
        } catch (error) {
          job.outcome = { kind: 'error', error };
        }
        continue;
      }
      const request = job.request as WriteRequest<S, E>;
      const { meta } = request;
      const earlier = meta.idempotencyKey === undefined ? undefined : this.earlier(meta, pending);
      if (earlier) {
        job.outcome = earlier;
        continue;
      }
      let decision: Decision<E>;
      try {
        const current = meta.ifMatch && request.version ? request.version(state, this.revision) : undefined;
        if (current !== undefined && !meta.ifMatch?.some((v) => v === '*' || v === current)) {
          throw new ProblemException(
            'CONCURRENCY_CONFLICT',
            `the entity is at version "${current}", not ${meta.ifMatch?.map((v) => `"${v}"`).join(', ')}; read it again`,
          );
        }
        decision = request.decide(state);
      } catch (error) {
        job.outcome = { kind: 'error', error };
        continue;
      }
      if (!decision.ok) {
        job.outcome = { kind: 'error', error: rejection(decision.violations) };
        continue;
      }
      const outcome = this.envelope(request, decision.events, decision.warnings, recordedAt);
      try {
        for (const event of decision.events) this.model.evolve(state, event, ++this.revision);
      } catch (error) {
        this.invalidate();
        this.settle(batch, error);
        return 'failed';
      }
      job.outcome = outcome;
      events.push(...outcome.events);
      if (meta.idempotencyKey !== undefined) pending.set(meta.commandId, job);
    }
    return events;
  }

  /** The answer to a command whose Idempotency-Key was already used, if it was. */
  private earlier(meta: CommandMeta, pending: Map<string, Job>): Outcome | undefined {
    const stored = this.stored.get(meta.commandId);
    const sameBatch = pending.get(meta.commandId) ?? this.inFlight.get(meta.commandId);
    const hash = stored?.requestHash ?? sameBatch?.request?.meta.requestHash;
    if (hash === undefined) return undefined;
    if (hash !== meta.requestHash) {
      return {
        kind: 'error',
        error: new ProblemException(
          'IDEMPOTENCY_MISMATCH',
          `Idempotency-Key "${meta.idempotencyKey}" was used for a different request; use a new key`,
        ),
      };
    }
    return stored ? { kind: 'value', value: stored.response } : { kind: 'same-as', job: sameBatch as Job };
  }

  private envelope(
    request: WriteRequest<S, E>,
    decided: E[],
    warnings: Warning[],
    recordedAt: string,
  ): Extract<Outcome, { kind: 'events' }> {
    const { meta, decree } = request;
    const events: EventToAppend[] = [];
    const refs: EventRef[] = [];
    decided.forEach((event, index) => {
      const id = eventIdFor(meta.commandId, index);
      const metadata: EventMetadata = {
        eventId: id,
        commandId: meta.commandId,
        correlationId: meta.correlationId,
        causationId: meta.commandId,
        actor: meta.actor,
        recordedAt,
        schemaVersion: 1,
        decree: decree ?? null,
      };
      if (meta.idempotencyKey !== undefined && index === 0) {
        metadata.idempotencyKey = meta.idempotencyKey;
        metadata.requestHash = meta.requestHash;
        if (warnings.length) metadata.warnings = toWarnings(warnings);
      }
      events.push({ id, type: event.type, data: event.data, metadata });
      refs.push({ id, type: event.type, stream: this.stream, revision: this.revision + index + 1 });
    });
    return { kind: 'events', events, refs, warnings, decreeId: decree?.decreeId };
  }

  private response(job: Job, position: string): CommandResponse {
    const outcome = job.outcome as Extract<Outcome, { kind: 'events' }>;
    const response: CommandResponse = {
      commandId: (job.request as WriteRequest<S, E>).meta.commandId,
      events: outcome.refs,
      position,
      warnings: toWarnings(outcome.warnings),
    };
    if (outcome.decreeId !== undefined) response.decreeId = outcome.decreeId;
    return response;
  }

  private remember(batch: Job[], position: string): void {
    for (const job of batch) {
      const meta = job.request?.meta;
      if (meta?.idempotencyKey !== undefined && job.outcome?.kind === 'events') {
        this.keep(meta.commandId, {
          requestHash: meta.requestHash ?? '',
          response: this.response(job, position),
        });
      }
    }
  }

  /** Answers every job of the batch: with `error` if the batch failed, else with its own outcome. */
  private settle(batch: Job[], error?: unknown, position = ''): void {
    for (const job of batch) {
      if (job.settled) continue;
      job.settled = true;
      if (error !== undefined) {
        job.reject(error);
        continue;
      }
      const own = job.outcome?.kind === 'same-as' ? job.outcome.job : job;
      const outcome = own.outcome as Outcome;
      // The same command earlier in this batch or in the one before: its answer, remembered once durable.
      const earlier =
        own === job ? undefined : this.stored.get((own.request as WriteRequest<S, E>).meta.commandId);
      if (outcome.kind === 'events') job.resolve(earlier?.response ?? this.response(own, position));
      else if (outcome.kind === 'value') job.resolve(outcome.value);
      else if (outcome.kind === 'error') job.reject(outcome.error);
    }
  }

  private keep(commandId: string, command: StoredCommand): void {
    if (this.stored.size >= STORED_COMMANDS) this.stored.delete(this.stored.keys().next().value as string);
    this.stored.set(commandId, command);
  }

  private tellDurable(revision: number): void {
    try {
      this.model.durable?.(revision);
    } catch {
      // A snapshot that cannot be written costs a longer start-up, never a command: the hook reports it.
    }
  }

  private invalidate(): void {
    this.generation++;
    this.state = undefined;
    this.revision = -1;
    this.stored.clear();
  }

  /** Loads the state on first use (or after a failure), else reads what other processes appended. */
  private async catchUp(): Promise<void> {
    if (this.state === undefined) {
      const loaded = this.model.load ? await this.model.load() : undefined;
      this.state = loaded?.state ?? this.model.initial();
      this.revision = loaded?.revision ?? -1;
      if (this.revision >= 0) await this.indexBefore(this.revision);
    }
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(this.stream, { fromRevision: this.revision + 1 });
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(
        `cannot read stream ${this.stream}: ${(error as Error).message}`,
        error,
      );
    }
    for (const event of events) {
      this.model.evolve(this.state, { type: event.type, data: event.data } as E, event.revision);
      this.revision = event.revision;
      this.index(event);
    }
  }

  /** Rebuilds the answers to keyed commands among the IDEMPOTENCY_WINDOW events up to `revision`. */
  private async indexBefore(revision: number): Promise<void> {
    const from = Math.max(0, revision - IDEMPOTENCY_WINDOW + 1);
    const events = await this.store.readStream(this.stream, {
      fromRevision: from,
      maxCount: revision - from + 1,
    });
    for (const event of events) this.index(event);
  }

  /** Rebuilds the answer to a command with an Idempotency-Key from its events in the log. */
  private index(event: RecordedEvent): void {
    const meta = event.metadata;
    if (meta.requestHash !== undefined && !this.stored.has(meta.commandId)) {
      const response: CommandResponse = {
        commandId: meta.commandId,
        events: [],
        position: event.position,
        warnings: (meta.warnings as CommandResponse['warnings'] | undefined) ?? [],
      };
      if (meta.decree?.decreeId !== undefined) response.decreeId = meta.decree.decreeId;
      this.keep(meta.commandId, { requestHash: String(meta.requestHash), response });
    }
    const stored = this.stored.get(meta.commandId);
    if (stored) {
      stored.response.events.push({
        id: event.id,
        type: event.type,
        stream: event.stream,
        revision: event.revision,
      });
      stored.response.position = event.position;
    }
  }
}
