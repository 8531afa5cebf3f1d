import { join } from 'node:path';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EMPLOYEE_STREAM_PREFIX, STAFFING_STREAM_PREFIX } from '@asn/domain';
import {
  EsdbEventStore,
  EVENT_STORE,
  EventStore,
  HashChainedEventStore,
  SqliteEventStore,
} from '@asn/event-store';
import { AppConfig } from '../config/app-config';

/** File of the embedded store inside DATA_DIR. */
export const SQLITE_FILE = 'events.sqlite';

/**
 * Where the staffing state's snapshots live: DATA_DIR with the embedded store (the snapshots follow its
 * file), null with EventStoreDB, an injected store, or SNAPSHOT_EVERY=0. Inject with `@Inject(SNAPSHOT_DIR)`.
 */
export const SNAPSHOT_DIR = Symbol('SNAPSHOT_DIR');

/** Describes the store chosen from configuration, e.g. for the start-up line. */
export function describeStore(config: AppConfig, injected?: EventStore): string {
  if (injected) return `event store: injected ${injected.constructor.name} (hash-chained)`;
  if (config.EVENTSTORE_CONNECTION_STRING) {
    return `event store: EventStoreDB at ${config.EVENTSTORE_CONNECTION_STRING.replace(/\/\/[^@/]*@/, '//***@')}`;
  }
  return `event store: embedded SQLite at ${join(config.DATA_DIR, SQLITE_FILE)}`;
}

function openStore(config: AppConfig): EventStore {
  if (config.EVENTSTORE_CONNECTION_STRING) {
    return new EsdbEventStore({
      connectionString: config.EVENTSTORE_CONNECTION_STRING,
      streamPrefixes: [STAFFING_STREAM_PREFIX, EMPLOYEE_STREAM_PREFIX],
    });
  }
  return new SqliteEventStore(join(config.DATA_DIR, SQLITE_FILE));
}

@Injectable()
class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Provides EVENT_STORE: the adapter chosen from configuration (or injected by a test), always wrapped in
 * the hash chain. Inject with `@Inject(EVENT_STORE) store: EventStore`.
 */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(injected?: EventStore): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        {
          provide: EVENT_STORE,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => new HashChainedEventStore(injected ?? openStore(config)),
        },
        {
          provide: SNAPSHOT_DIR,
          inject: [AppConfig],
          useFactory: (config: AppConfig): string | null =>
            injected || config.EVENTSTORE_CONNECTION_STRING || config.SNAPSHOT_EVERY === 0
              ? null
              : config.DATA_DIR,
        },
        StoreCloser,
      ],
      exports: [EVENT_STORE, SNAPSHOT_DIR],
    };
  }
}
