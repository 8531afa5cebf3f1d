import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@asn/event-store';
import {
  controlKeys,
  ProjectionQueries,
  projectionStatus,
  Projector,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@asn/projections';
import { AppConfig } from '../config/app-config';

/** Where the projector runs: in this process (embedded, the default without Redis) or in its own. */
export function projectorMode(config: AppConfig, env = process.env): 'embedded' | 'external' {
  const mode = env.PROJECTOR_MODE?.trim();
  if (mode === 'embedded' || mode === 'external') return mode;
  if (mode) throw new Error(`PROJECTOR_MODE must be "embedded" or "external", got "${mode}"`);
  return config.REDIS_URL ? 'external' : 'embedded';
}

/**
 * The read side of this api process: the read-model store, the queries over it, and (embedded mode) the
 * projector that fills it from the log.
 */
@Injectable()
export class ReadSide implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly queries: ProjectionQueries;
  readonly projector: Projector | null;
  private readonly logger = new Logger('ReadSide');

  constructor(
    @Inject(READ_MODEL_STORE) readonly store: ReadModelStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly config: AppConfig,
  ) {
    this.queries = new ProjectionQueries(store, config.INSTANSI);
    this.projector =
      projectorMode(config) === 'embedded'
        ? new Projector({
            eventStore,
            store,
            instansi: config.INSTANSI,
            leaseTtlMs: store.kind === 'memory' ? 60_000 : 5000,
            log: (message) => this.logger.log(message),
          })
        : null;
  }

  onApplicationBootstrap(): void {
    this.logger.log(
      `projector: ${this.projector ? 'in this process' : 'external (npm run start:projector)'}`,
    );
    this.projector?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector?.stop();
    await this.store.close();
  }

  status() {
    return projectionStatus(
      this.store,
      this.eventStore,
      this.config.INSTANSI,
      this.projector?.status() ?? null,
    );
  }

  /** Starts a rebuild here, or asks the external projector (it polls the request key). */
  async requestRebuild(): Promise<{ status: 'started' | 'requested'; by: 'this-process' | 'projector' }> {
    if (this.projector) {
      void this.projector
        .rebuild()
        .catch((error: unknown) => this.logger.error(`rebuild failed: ${String(error)}`));
      return { status: 'started', by: 'this-process' };
    }
    await this.store.set(controlKeys(this.config.INSTANSI).rebuildRequest, new Date().toISOString());
    return { status: 'requested', by: 'projector' };
  }

  subscribeChanges(listener: (message: string) => void): Promise<() => Promise<void>> {
    return this.store.subscribe(controlKeys(this.config.INSTANSI).changes, listener);
  }
}
