import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  DEFAULT_DOMAIN_CONFIG,
  DecideContext,
  decideStaffing,
  evolveStaffing,
  initialStaffingState,
  StaffingCommand,
  StaffingEvent,
  StaffingState,
  staffingStream,
} from '@asn/domain';
import { EVENT_STORE, EventStore } from '@asn/event-store';
import { AppConfig } from '../config/app-config';
import { SNAPSHOT_DIR } from '../store/event-store.module';
import { Clock, CLOCK, todayIn } from './clock';
import type { CommandMeta } from './command-meta';
import type { CommandResponse } from './command-response';
import { StaffingSnapshots } from './staffing-snapshots';
import { StreamWriter } from './stream-writer';

export interface StaffingOptions {
  /** The entity the command is about, for If-Match (e.g. `s => s.positions.get(id)?.version`). */
  version?: (state: StaffingState) => number | undefined;
  decree?: { decreeId?: string; number?: string };
}

/**
 * The write side of `staffing-<INSTANSI>`: decides staffing commands on the cached state, loaded in the
 * background at start-up from the latest snapshot (embedded store) or by replaying the stream.
 */
@Injectable()
export class StaffingWriter implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly stream: string;
  private readonly writer: StreamWriter<StaffingState, StaffingEvent>;
  private readonly snapshots?: StaffingSnapshots;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SNAPSHOT_DIR) snapshotDir: string | null,
  ) {
    this.stream = staffingStream(config.INSTANSI);
    const snapshots =
      snapshotDir === null
        ? undefined
        : StaffingSnapshots.open(snapshotDir, this.stream, config.SNAPSHOT_EVERY);
    this.snapshots = snapshots;
    this.writer = new StreamWriter(store, this.stream, {
      initial: initialStaffingState,
      evolve: evolveStaffing,
      ...(snapshots && {
        load: () => snapshots.load(store),
        durable: (revision) => snapshots.durable(revision),
      }),
    });
  }

  onApplicationBootstrap(): void {
    // Load now rather than at the first command; a failure here is retried by that command.
    void this.writer.query(() => undefined).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.snapshots?.close();
  }

  context(): DecideContext {
    const now = this.clock();
    return { today: todayIn(now), now: now.toISOString(), config: DEFAULT_DOMAIN_CONFIG };
  }

  decide(
    meta: CommandMeta,
    command: StaffingCommand,
    options: StaffingOptions = {},
  ): Promise<CommandResponse> {
    const { version } = options;
    return this.writer.execute({
      meta,
      decree: options.decree,
      version: version
        ? (state) => {
            const v = version(state);
            return v === undefined ? undefined : String(v);
          }
        : undefined,
      decide: (state) => decideStaffing(command, state, this.context()),
    });
  }

  /** Reads the decided state in command order (read-your-writes for the write side's own GETs). */
  query<T>(read: (state: StaffingState) => T): Promise<T> {
    return this.writer.query(read);
  }
}
