/** DI token for the event store chosen from configuration. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** Global log position as a string: "123" (embedded stores) or "commit/prepare" (EventStoreDB). */
export type Position = string;

/** The position before the first event of the global log. */
export const START_POSITION: Position = '0';

/** `no_stream`: the stream must not exist; `any`: no check; a number: the revision of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** Metadata carried by every event (ARCHITECTURE.md, "Write path"). */
export interface EventMetadata {
  eventId: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: string;
  recordedAt: string;
  schemaVersion: number;
  decree?: { decreeId?: string; number?: string } | null;
  /** Hash chain, filled in by the store layer (see hash-chain.ts): sha256 of prevHash and the canonical event. */
  prevHash?: string;
  hash?: string;
  [key: string]: unknown;
}

export interface EventToAppend {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  type: string;
  stream: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  position: Position;
  data: unknown;
  metadata: EventMetadata;
}

export interface AppendResult {
  /** Revision of the last event written (the stream's new revision). */
  nextRevision: number;
  /** Global position of the last event written. */
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Revision to start from (inclusive); defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: number;
  maxCount?: number;
}

export interface LogFilter {
  /** Keep events whose stream name starts with one of these prefixes. */
  streamPrefixes?: string[];
  /** Keep events whose type is one of these. */
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to the start of the log. */
  after?: Position;
  maxCount?: number;
  filter?: LogFilter;
  /** See SubscribeOptions.omitMetadata. */
  omitMetadata?: boolean;
}

export interface SubscribeOptions {
  /** Exclusive: deliver events strictly after this position. Defaults to the start of the log. */
  after?: Position;
  filter?: LogFilter;
  /**
   * For readers that use only the envelope (id, type, stream, revision, position) and `data`, such as the
   * projections: the adapter may then leave `metadata` empty (`{}`) instead of reading and parsing it (on
   * SQLite the metadata is twice the size of the data). Adapters that receive it anyway may still fill it.
   */
  omitMetadata?: boolean;
}

export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  /**
   * Sent once, when the subscription has delivered every event that existed when it started;
   * `position` is how far the log was read (at or after the last event delivered).
   */
  | { kind: 'caughtUp'; position: Position };

/** A subscription to the global log, consumed with `for await`; `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

/**
 * The event store port. Every adapter (memory, sqlite, esdb) passes the contract suite in
 * test/contract/event-store.contract.ts.
 */
export interface EventStore {
  /** Appends atomically; throws ConcurrencyError when `expected` does not hold. */
  append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Reads one stream; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads the global log in order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live subscription to the global log. */
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** The position of the last event in the global log (START_POSITION when empty). */
  headPosition(): Promise<Position>;
  /**
   * The SQLite file other threads of this process may read the log from (`SqliteLogReader`), when the store
   * has one; positions are then its row numbers.
   */
  logFile?(): string | undefined;
  /**
   * Asks the adapter to hash-chain what it appends from now on, itself, where it writes: each event gets
   * `metadata.prevHash` and `metadata.hash` exactly as HashChainedEventStore computes them (hash-chain.ts).
   * True when it will; the decorator then leaves the chain to it. Optional: without it, or when it answers
   * false, the decorator chains.
   */
  chainHashes?(): boolean;
  close(): Promise<void>;
}
