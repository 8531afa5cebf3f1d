/** The in-memory state of the test server: one global log, streams as views of it, live listeners. */
import { randomUUID } from 'node:crypto';

/** EventStoreDB's revision for a tombstone event (`long.MaxValue`). */
export const TOMBSTONE_REVISION = 9223372036854775807n;
/** `$tb` written by a soft delete until the stream is recreated. */
const SOFT_DELETED_TRUNCATE_BEFORE = 9223372036854775807n;
const TICKS_PER_MILLISECOND = 10_000n;

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  stream: string;
  revision: bigint;
  /** commit = prepare: there are no multi-record transactions here. */
  position: bigint;
  /** 100 ns ticks since the UNIX epoch, as the client decodes `created`. */
  created: bigint;
}

export type ExpectedRevision =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: bigint };

export interface WriteResult {
  /** The stream's last revision after the write; undefined when the stream still has no event. */
  currentRevision?: bigint;
  /** Position of the last record written (or of the stream's last event for an idempotent retry). */
  position?: bigint;
}

export class WrongExpectedVersion extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** undefined: the stream does not exist. */
    readonly current: bigint | undefined,
  ) {
    super(`stream ${stream}: wrong expected version`);
  }
}

export class StreamDeleted extends Error {
  constructor(readonly stream: string) {
    super(`stream ${stream} is deleted`);
  }
}

export type LiveListener = (event: StoredEvent) => void;

interface StreamState {
  events: StoredEvent[];
  tombstoned: boolean;
}

/** The stream's metadata as the server applies it on reads (the `$$stream` JSON). */
interface StreamMetadata {
  truncateBefore?: bigint;
  maxCount?: number;
  maxAge?: number;
  raw: Record<string, unknown>;
}

const metastreamOf = (stream: string): string => `$$${stream}`;

export class EventLog {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly listeners = new Set<LiveListener>();
  private nextPosition = 0n;

  constructor(private readonly now: () => number = Date.now) {}

  /** Every record of the global log, deleted and truncated ones included (as `$all` before a scavenge). */
  all(): readonly StoredEvent[] {
    return this.log;
  }

  lastPosition(): bigint | undefined {
    return this.log.at(-1)?.position;
  }

  isTombstoned(stream: string): boolean {
    return this.streams.get(stream)?.tombstoned ?? false;
  }

  /** The events a stream read returns, or undefined when the stream reads as not found. */
  visibleEvents(stream: string): StoredEvent[] | undefined {
    const state = this.streams.get(stream);
    if (!state || state.events.length === 0) return undefined;
    const metadata = this.metadataOf(stream);
    const last = state.events[state.events.length - 1].revision;
    let from = metadata.truncateBefore ?? 0n;
    if (metadata.maxCount !== undefined) from = bigMax(from, last - BigInt(metadata.maxCount) + 1n);
    if (from > last) return undefined;
    const minCreated =
      metadata.maxAge === undefined
        ? undefined
        : BigInt(this.now() - metadata.maxAge * 1000) * TICKS_PER_MILLISECOND;
    return state.events.filter(
      (event) => event.revision >= from && (minCreated === undefined || event.created >= minCreated),
    );
  }

  eventAt(stream: string, revision: bigint): StoredEvent | undefined {
    return this.visibleEvents(stream)?.find((event) => event.revision === revision);
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(stream: string, expected: ExpectedRevision, events: ProposedEvent[]): WriteResult {
    const state = this.writable(stream);
    const idempotent = this.idempotentResult(state, expected, events);
    if (idempotent) return idempotent;
    const softDeleted = this.isSoftDeleted(stream);
    const current = this.checkExpected(stream, expected);
    if (events.length === 0) return { currentRevision: current, position: state?.events.at(-1)?.position };
    const first = (current ?? -1n) + 1n;
    const written = events.map((event, index) => this.record(stream, first + BigInt(index), event));
    if (softDeleted) this.recreate(stream, first);
    this.publish(written);
    return { currentRevision: written.at(-1)!.revision, position: written.at(-1)!.position };
  }

  /** Soft delete: `$tb` past the end, so reads give stream-not-found and an append recreates the stream. */
  delete(stream: string, expected: ExpectedRevision): WriteResult {
    this.writable(stream);
    this.checkExpected(stream, expected);
    const metadata = { ...this.metadataOf(stream).raw, $tb: Number(SOFT_DELETED_TRUNCATE_BEFORE) };
    const written = this.writeMetadata(stream, metadata, SOFT_DELETED_TRUNCATE_BEFORE);
    this.publish([written]);
    return { position: written.position };
  }

  /** Hard delete: a `$streamDeleted` record; the stream can never be read or written again. */
  tombstone(stream: string, expected: ExpectedRevision): WriteResult {
    this.writable(stream);
    this.checkExpected(stream, expected);
    const written = this.record(stream, TOMBSTONE_REVISION, {
      id: randomUUID(),
      type: '$streamDeleted',
      contentType: 'application/octet-stream',
      data: new Uint8Array(),
      customMetadata: new Uint8Array(),
    });
    this.streams.get(stream)!.tombstoned = true;
    this.publish([written]);
    return { position: written.position };
  }

  /** Writes records without expected-revision checks or listeners: the server's own bootstrap events. */
  seed(stream: string, type: string, data: unknown): void {
    const current = this.streams.get(stream)?.events.at(-1)?.revision ?? -1n;
    this.record(stream, current + 1n, {
      id: randomUUID(),
      type,
      contentType: 'application/json',
      data: Buffer.from(JSON.stringify(data)),
      customMetadata: new Uint8Array(),
    });
  }

  /** Deleted with Streams.Delete and not written to since (a `$tb` set by hand is only a truncation). */
  private isSoftDeleted(stream: string): boolean {
    return this.metadataOf(stream).truncateBefore === SOFT_DELETED_TRUNCATE_BEFORE;
  }

  private writable(stream: string): StreamState | undefined {
    const state = this.streams.get(stream);
    if (state?.tombstoned) throw new StreamDeleted(stream);
    return state;
  }

  /** Returns the stream's current revision when `expected` holds; a soft-deleted stream also counts as none. */
  private checkExpected(stream: string, expected: ExpectedRevision): bigint | undefined {
    const current = this.streams.get(stream)?.events.at(-1)?.revision;
    const softDeleted = this.isSoftDeleted(stream);
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && (current === undefined || softDeleted)) ||
      (expected.kind === 'stream_exists' && current !== undefined && !softDeleted) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!ok) throw new WrongExpectedVersion(stream, expected, current);
    return current;
  }

  /** A retry of a write that already happened (same ids right after the expected revision) succeeds again. */
  private idempotentResult(
    state: StreamState | undefined,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): WriteResult | undefined {
    if (!state || events.length === 0) return undefined;
    const start =
      expected.kind === 'revision'
        ? expected.revision + 1n
        : expected.kind === 'no_stream'
          ? 0n
          : state.events.find((event) => event.id === events[0].id)?.revision;
    if (start === undefined) return undefined;
    const stored = state.events.filter((event) => event.revision >= start).slice(0, events.length);
    const same =
      stored.length === events.length && stored.every((event, index) => event.id === events[index].id);
    if (!same) return undefined;
    const last = stored[stored.length - 1];
    return { currentRevision: last.revision, position: last.position };
  }

  /** Appending to a soft-deleted stream moves `$tb` to the first new event, keeping the other settings. */
  private recreate(stream: string, firstRevision: bigint): void {
    const metadata = { ...this.metadataOf(stream).raw, $tb: Number(firstRevision) };
    this.publish([this.writeMetadata(stream, metadata, firstRevision)]);
  }

  private writeMetadata(
    stream: string,
    metadata: Record<string, unknown>,
    truncateBefore: bigint,
  ): StoredEvent {
    const metastream = metastreamOf(stream);
    const current = this.streams.get(metastream)?.events.at(-1)?.revision ?? -1n;
    // JSON cannot carry long.MaxValue exactly; the exact value is kept next to it.
    const data = JSON.stringify(metadata).replace(/"\$tb":[0-9.e+]+/, `"$tb":${truncateBefore}`);
    return this.record(metastream, current + 1n, {
      id: randomUUID(),
      type: '$metadata',
      contentType: 'application/json',
      data: Buffer.from(data),
      customMetadata: new Uint8Array(),
    });
  }

  private metadataOf(stream: string): StreamMetadata {
    const latest = this.streams.get(metastreamOf(stream))?.events.at(-1);
    if (!latest) return { raw: {} };
    const text = Buffer.from(latest.data).toString('utf8');
    const raw = JSON.parse(text) as Record<string, unknown>;
    const tb = /"\$tb":\s*([0-9]+)/.exec(text)?.[1];
    return {
      truncateBefore: tb === undefined ? undefined : BigInt(tb),
      maxCount: typeof raw.$maxCount === 'number' ? raw.$maxCount : undefined,
      maxAge: typeof raw.$maxAge === 'number' ? raw.$maxAge : undefined,
      raw,
    };
  }

  private record(stream: string, revision: bigint, event: ProposedEvent): StoredEvent {
    const stored: StoredEvent = {
      ...event,
      stream,
      revision,
      position: this.nextPosition,
      created: BigInt(this.now()) * TICKS_PER_MILLISECOND,
    };
    // Positions are byte-offset-like, as in a real log: never assume they count events.
    this.nextPosition += BigInt(
      64 + stream.length + event.type.length + event.data.length + event.customMetadata.length,
    );
    this.log.push(stored);
    const state = this.streams.get(stream) ?? { events: [], tombstoned: false };
    state.events.push(stored);
    this.streams.set(stream, state);
    return stored;
  }

  private publish(events: StoredEvent[]): void {
    for (const listener of [...this.listeners]) for (const event of events) listener(event);
  }
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
