import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EMPLOYEE_STREAM_PREFIX, STAFFING_STREAM_PREFIX } from '@asn/domain';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@asn/event-store';

/** File name of the embedded store inside DATA_DIR (the api's EventStoreModule uses the same). */
export const SQLITE_FILE = 'events.sqlite';

export interface OpenedStore {
  store: EventStore;
  /** For messages: which store was opened. */
  description: string;
}

/**
 * Opens the store the api uses, from the same variables: EventStoreDB when EVENTSTORE_CONNECTION_STRING
 * is set, else the SQLite file in DATA_DIR (default ./data). Refuses to create an empty SQLite file.
 */
export function openStoreFromEnv(env: Record<string, string | undefined> = process.env): OpenedStore {
  const connection = env.EVENTSTORE_CONNECTION_STRING?.trim();
  if (connection) {
    return {
      // Only the engine's streams carry a hash chain; other streams of the same server are not checked.
      store: new EsdbEventStore({
        connectionString: connection,
        streamPrefixes: [STAFFING_STREAM_PREFIX, EMPLOYEE_STREAM_PREFIX],
      }),
      description: `EventStoreDB at ${connection.replace(/\/\/[^@/]*@/, '//***@')}`,
    };
  }
  const file = join(env.DATA_DIR?.trim() || './data', SQLITE_FILE);
  if (!existsSync(file)) {
    throw new Error(`no event store at ${file}; set DATA_DIR to the api's data directory`);
  }
  return { store: new SqliteEventStore(file), description: `SQLite at ${file}` };
}

/** openStoreFromEnv for a CLI command: on failure, the reason goes to stderr and the result is undefined. */
export function openStoreOrExplain(
  env: Record<string, string | undefined> = process.env,
): OpenedStore | undefined {
  try {
    return openStoreFromEnv(env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return undefined;
  }
}
