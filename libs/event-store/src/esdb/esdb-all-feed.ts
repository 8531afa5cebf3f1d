import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
} from '@eventstore/db-client';
import type { Position, RecordedEvent } from '../event-store.port';
import { toRecordedEvent } from './esdb-events';
import type { EsdbLogFilter } from './esdb-log-filter';
import { toEsdbPosition, toPortPosition } from './esdb-position';

/** One item of a filtered `$all` subscription, in log order. */
export type FeedItem =
  | { kind: 'event'; event: RecordedEvent }
  /** Everything up to here has been seen (a server checkpoint, or an event filtered out here). */
  | { kind: 'checkpoint'; position: Position }
  | { kind: 'caughtUp' };

type Marker = { kind: 'checkpoint'; position: Position } | { kind: 'caughtUp' };
const MARKER = Symbol('in-band marker');

/**
 * Subscribes to `$all` strictly after `after` with a server-side filter and yields events, checkpoints and
 * caught-up in order. The client reports checkpoints and caught-up out of band (a callback and an event),
 * so they are pushed into the subscription's own buffer, behind the events that came before them.
 */
export async function* filteredAllFeed(
  client: EventStoreDBClient,
  after: Position,
  filter: EsdbLogFilter,
  opened: (subscription: AllStreamSubscription) => void = () => undefined,
): AsyncGenerator<FeedItem> {
  const pushMarker = (subscription: AllStreamSubscription, marker: Marker): void => {
    subscription.push({ [MARKER]: marker });
  };
  const subscription = client.subscribeToAll({
    fromPosition: toEsdbPosition(after),
    filter: filter.serverFilter((self, position) =>
      pushMarker(self, { kind: 'checkpoint', position: toPortPosition(position) }),
    ),
  });
  subscription.on('caughtUp', () => pushMarker(subscription, { kind: 'caughtUp' }));
  opened(subscription);
  try {
    for await (const item of subscription as AsyncIterable<AllStreamResolvedEvent | { [MARKER]: Marker }>) {
      if (MARKER in item) {
        yield item[MARKER];
        continue;
      }
      if (!item.event) continue;
      const event = toRecordedEvent(item.event);
      yield filter.matches(event.stream, event.type)
        ? { kind: 'event', event }
        : { kind: 'checkpoint', position: event.position };
    }
  } finally {
    await subscription.unsubscribe();
  }
}
