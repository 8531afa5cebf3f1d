import { planAppend, type StreamView } from '../append-plan';
import { DuplicateEventIdError } from '../errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { START_POSITION } from '../event-store.port';
import { matchesFilter } from '../log-filter';
import { parseSequencePosition } from '../sequence-position';
import { AppendSignal } from '../subscription/append-signal';
import { CatchUpSubscription, type LogPage } from '../subscription/catch-up-subscription';

const PAGE_SIZE = 500;

/**
 * Event store in process memory, for unit tests. Events are stored as JSON text, like the real
 * stores, so a test sees the same copies and the same JSON round-trip as production.
 */
export class MemoryEventStore implements EventStore {
  /** Index i holds the event at global position i + 1. */
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, number[]>();
  private readonly ids = new Map<string, number>();
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<CatchUpSubscription>();

  async append(stream: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const plan = planAppend(stream, events, expected, this.viewOf(stream));
    if (plan.kind === 'replay') return plan.result;
    const taken = events.find((event) => this.ids.has(event.id));
    if (taken) throw new DuplicateEventIdError(stream, taken.id);
    const indexes = this.streams.get(stream) ?? [];
    const stored = events.map((event, i) => ({
      stream,
      revision: plan.firstRevision + i,
      id: event.id,
      type: event.type,
      data: JSON.stringify(event.data) ?? 'null',
      metadata: JSON.stringify(event.metadata),
    }));
    for (const event of stored) {
      this.log.push(event);
      indexes.push(this.log.length - 1);
      this.ids.set(event.id, this.log.length - 1);
    }
    this.streams.set(stream, indexes);
    if (stored.length > 0) this.signal.notify();
    return {
      nextRevision: plan.firstRevision + events.length - 1,
      position: String(this.positionOfStreamEnd(stream)),
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const indexes = this.streams.get(stream) ?? [];
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const result: RecordedEvent[] = [];
    if (options.direction === 'backwards') {
      const from = Math.min(options.fromRevision ?? indexes.length - 1, indexes.length - 1);
      for (let revision = from; revision >= 0 && result.length < maxCount; revision--) {
        result.push(this.recorded(indexes[revision]));
      }
    } else {
      for (
        let revision = options.fromRevision ?? 0;
        revision < indexes.length && result.length < maxCount;
        revision++
      ) {
        result.push(this.recorded(indexes[revision]));
      }
    }
    return result;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_POSITION;
    return this.readPage(after, options.maxCount ?? Number.POSITIVE_INFINITY, options.filter).events;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    const subscription = new CatchUpSubscription(
      (after, limit) => this.readPage(after, limit, options.filter),
      this.signal,
      { after: options.after ?? START_POSITION, pageSize: PAGE_SIZE },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position> {
    return String(this.log.length);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  private readPage(after: Position, limit: number, filter: ReadAllOptions['filter']): LogPage {
    const events: RecordedEvent[] = [];
    let index = parseSequencePosition(after);
    for (; index < this.log.length && events.length < limit; index++) {
      const { stream, type } = this.log[index];
      if (matchesFilter(filter, stream, type)) events.push(this.recorded(index));
    }
    return { events, scannedTo: String(Math.max(index, parseSequencePosition(after))) };
  }

  private viewOf(stream: string): StreamView {
    const indexes = this.streams.get(stream) ?? [];
    return {
      lastRevision: () => indexes.length - 1,
      eventsFrom: (revision, count) =>
        indexes
          .slice(revision, revision + count)
          .map((index) => ({ id: this.log[index].id, position: String(index + 1) })),
      revisionOf: (id) => {
        const index = this.ids.get(id);
        return index !== undefined && this.log[index].stream === stream
          ? this.log[index].revision
          : undefined;
      },
    };
  }

  private positionOfStreamEnd(stream: string): number {
    const indexes = this.streams.get(stream) ?? [];
    return indexes.length === 0 ? this.log.length : indexes[indexes.length - 1] + 1;
  }

  private recorded(index: number): RecordedEvent {
    const event = this.log[index];
    return {
      id: event.id,
      type: event.type,
      stream: event.stream,
      revision: event.revision,
      position: String(index + 1),
      data: JSON.parse(event.data),
      metadata: JSON.parse(event.metadata),
    };
  }
}

interface StoredEvent {
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
}
