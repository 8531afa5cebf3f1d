import { join } from 'node:path';
import { EMPLOYEE_STREAM_PREFIX, STAFFING_STREAM_PREFIX } from '@asn/domain';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@asn/event-store';
import type { ProjectorConfig } from './projector-config';

/** The event store the api writes to: EventStoreDB when configured, otherwise the embedded SQLite file. */
export function openEventStore(config: ProjectorConfig): { store: EventStore; description: string } {
  const connectionString = config.eventStoreConnectionString;
  if (connectionString) {
    return {
      store: new EsdbEventStore({
        connectionString,
        streamPrefixes: [STAFFING_STREAM_PREFIX, EMPLOYEE_STREAM_PREFIX],
      }),
      description: `event store: EventStoreDB at ${connectionString.replace(/\/\/[^@/]*@/, '//***@')}`,
    };
  }
  const file = join(config.dataDir, 'events.sqlite');
  // Another process (the api) appends: poll often so read-your-writes waits stay short.
  return {
    store: new SqliteEventStore(file, { pollIntervalMs: 20 }),
    description: `event store: SQLite at ${file}`,
  };
}
