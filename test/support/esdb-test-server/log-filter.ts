/** Server-side filters of `$all` reads and subscriptions (stream name or event type, regex or prefixes). */
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { StoredEvent } from './event-log';

/** EventStoreDB's default search window when the client asks for `count` instead of `max`. */
const DEFAULT_WINDOW = 32;

export interface LogFilter {
  matches(event: StoredEvent): boolean;
  /** A subscription sends a checkpoint after this many scanned (not matched) events. */
  checkpointInterval: number;
}

export function logFilterOf(options: ReadReq.Options): LogFilter | undefined {
  const filter = options.getFilter();
  if (!options.hasFilter() || !filter) return undefined;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  const test = expressionTest(expression);
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_WINDOW;
  return {
    matches: (event) => test(onStream ? event.stream : event.type),
    checkpointInterval: window * Math.max(1, filter.getCheckpointintervalmultiplier()),
  };
}

function expressionTest(
  expression: ReadReq.Options.FilterOptions.Expression | undefined,
): (value: string) => boolean {
  const regex = expression?.getRegex();
  if (regex) {
    const pattern = new RegExp(regex);
    return (value) => pattern.test(value);
  }
  const prefixes = expression?.getPrefixList() ?? [];
  return (value) => prefixes.some((prefix) => value.startsWith(prefix));
}
