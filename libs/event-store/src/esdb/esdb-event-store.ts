import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  type AppendExpectedRevision,
  type ReadPosition,
} from '@eventstore/db-client';
import { ConcurrencyError } from '../errors';
import {
  START_POSITION,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port';
import { filteredAllFeed } from './esdb-all-feed';
import { toPortError } from './esdb-errors';
import { toEsdbEvent, toRecordedEvent } from './esdb-events';
import { EsdbLogFilter } from './esdb-log-filter';
import { toPortPosition } from './esdb-position';
import { EsdbSubscription, type ResubscribeDelays } from './esdb-subscription';

/** Events scanned per backwards page when looking for the last engine event of `$all`. */
const HEAD_PAGE_SIZE = 100;

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, as in EVENTSTORE_CONNECTION_STRING. */
  connectionString: string;
  /** The engine's streams: `$all` reads and subscriptions see only these (every non-system stream when absent). */
  streamPrefixes?: string[];
  resubscribeDelays?: ResubscribeDelays;
}

/** The EventStore port on EventStoreDB / KurrentDB through @eventstore/db-client 6.x. */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly streamPrefixes: readonly string[];
  private readonly delays: ResubscribeDelays;
  private readonly subscriptions = new Set<EsdbSubscription>();

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.streamPrefixes = options.streamPrefixes ?? [];
    this.delays = options.resubscribeDelays ?? { initialMs: 100, maxMs: 5000 };
  }

  async append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    let result: Awaited<ReturnType<EventStoreDBClient['appendToStream']>>;
    try {
      result = await this.client.appendToStream(stream, events.map(toEsdbEvent), {
        expectedRevision: toExpectedRevision(expected),
      });
    } catch (error) {
      throw toPortError(error, stream, expected);
    }
    if (!result.success) throw await this.concurrencyError(stream, expected);
    const position = result.position ? toPortPosition(result.position) : await this.lastPositionOf(stream);
    return { nextRevision: Number(result.nextExpectedRevision), position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { direction = 'forwards', fromRevision, maxCount } = options;
    if (maxCount === 0) return [];
    const forwards = direction === 'forwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: forwards ? FORWARDS : BACKWARDS,
        fromRevision: fromRevision === undefined ? (forwards ? START : END) : BigInt(fromRevision),
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read) if (resolved.event) events.push(toRecordedEvent(resolved.event));
    } catch (error) {
      // A stream that never existed, or was soft-deleted, is an empty stream to the port.
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error);
    }
    return events;
  }

  /** A filtered subscription until caught-up: the 6.x client sends no server-side filter on plain `$all` reads. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after = START_POSITION, maxCount, filter } = options;
    if (maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      for await (const item of filteredAllFeed(this.client, after, this.logFilter(filter))) {
        if (item.kind === 'caughtUp') break;
        if (item.kind !== 'event') continue;
        events.push(item.event);
        if (events.length === maxCount) break;
      }
    } catch (error) {
      throw toPortError(error);
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new EsdbSubscription(
      this.client,
      options.after ?? START_POSITION,
      this.logFilter(options.filter),
      this.delays,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The position of the last engine event in `$all` (system events and other streams are skipped). */
  async headPosition(): Promise<Position> {
    const filter = this.logFilter(undefined);
    let from: ReadPosition = END;
    try {
      while (true) {
        const page = [];
        for await (const resolved of this.client.readAll({
          direction: BACKWARDS,
          fromPosition: from,
          maxCount: HEAD_PAGE_SIZE,
        })) {
          if (resolved.event) page.push(resolved.event);
        }
        const last = page.find((event) => filter.matches(event.streamId, event.type));
        if (last) return toPortPosition(last.position);
        if (page.length < HEAD_PAGE_SIZE) return START_POSITION;
        from = page[page.length - 1].position;
      }
    } catch (error) {
      throw toPortError(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private logFilter(filter: ReadAllOptions['filter']): EsdbLogFilter {
    return new EsdbLogFilter(filter, this.streamPrefixes);
  }

  /**
   * With `throwOnAppendFailure=false` in the connection string the client reports a refusal as a result,
   * and on BatchAppend with a wrong current revision (client 6.2.1): the stream is asked instead.
   */
  private async concurrencyError(stream: string, expected: ExpectedRevision): Promise<ConcurrencyError> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return new ConcurrencyError(stream, expected, last ? last.revision : 'no_stream');
  }

  /** An append of no event has no position of its own: the stream's last event stands for it. */
  private async lastPositionOf(stream: string): Promise<Position> {
    const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return last?.position ?? START_POSITION;
  }
}

function toExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}
