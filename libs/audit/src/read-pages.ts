import type { EventStore, LogFilter, Position, RecordedEvent } from '@asn/event-store';
import { START_POSITION } from '@asn/event-store';

/** Events per read: large enough to amortise a round trip, small enough to keep memory flat. */
export const PAGE_SIZE = 5_000;

/** One stream from `fromRevision` on, page by page, so a long stream never sits in memory whole. */
export async function* streamEvents(
  store: EventStore,
  stream: string,
  fromRevision = 0,
  pageSize = PAGE_SIZE,
): AsyncGenerator<RecordedEvent> {
  let next = fromRevision;
  while (true) {
    const page = await store.readStream(stream, { fromRevision: next, maxCount: pageSize });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    next = page[page.length - 1].revision + 1;
  }
}

/** The global log strictly after `after`, page by page. */
export async function* logEvents(
  store: EventStore,
  options: { after?: Position; filter?: LogFilter; pageSize?: number } = {},
): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let after = options.after ?? START_POSITION;
  while (true) {
    const page = await store.readAll({ after, maxCount: pageSize, filter: options.filter });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}
