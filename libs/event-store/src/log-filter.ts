import type { LogFilter } from './event-store.port';

/** True when an event with this stream and type passes the filter (an absent or empty list lets all through). */
export function matchesFilter(filter: LogFilter | undefined, stream: string, type: string): boolean {
  if (!filter) return true;
  const { streamPrefixes, eventTypes } = filter;
  if (streamPrefixes?.length && !streamPrefixes.some((prefix) => stream.startsWith(prefix))) return false;
  if (eventTypes?.length && !eventTypes.includes(type)) return false;
  return true;
}
