import type { EventStore, Position, RecordedEvent } from '@asn/event-store';
import { START_POSITION } from '@asn/event-store';

export interface LogPageQuery {
  after?: Position;
  limit: number;
  types?: string[];
}

/** One page of `GET /audit/events`: the events, and the position to continue after (null at the end). */
export interface LogPage {
  events: RecordedEvent[];
  next: Position | null;
}

export async function logPage(store: EventStore, query: LogPageQuery): Promise<LogPage> {
  const filter = query.types?.length ? { eventTypes: query.types } : undefined;
  // One more than asked tells whether a next page exists without a second read.
  const read = await store.readAll({
    after: query.after ?? START_POSITION,
    maxCount: query.limit + 1,
    filter,
  });
  const events = read.slice(0, query.limit);
  return { events, next: read.length > query.limit ? events[events.length - 1].position : null };
}
