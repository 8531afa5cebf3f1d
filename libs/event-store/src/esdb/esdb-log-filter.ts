import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { LogFilter } from '../event-store.port';
import { matchesFilter } from '../log-filter';

type CheckpointReached = NonNullable<Filter['checkpointReached']>;

/**
 * What the engine reads from `$all`: the requested filter, within the engine's stream prefixes, never a
 * system event. The server filters on one criterion (stream prefixes, else event types, else non-system
 * types); the rest is checked here.
 */
export class EsdbLogFilter {
  constructor(
    private readonly request: LogFilter | undefined,
    private readonly engineStreamPrefixes: readonly string[],
  ) {}

  matches(stream: string, type: string): boolean {
    if (stream.startsWith('$') || type.startsWith('$')) return false;
    if (
      this.engineStreamPrefixes.length &&
      !this.engineStreamPrefixes.some((prefix) => stream.startsWith(prefix))
    ) {
      return false;
    }
    return matchesFilter(this.request, stream, type);
  }

  serverFilter(checkpointReached: CheckpointReached): Filter {
    const prefixes = this.request?.streamPrefixes?.length
      ? this.request.streamPrefixes
      : this.engineStreamPrefixes;
    if (prefixes.length) return streamNameFilter({ prefixes: [...prefixes], checkpointReached });
    const types = this.request?.eventTypes;
    if (types?.length)
      return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$`, checkpointReached });
    return excludeSystemEvents({ checkpointReached });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
