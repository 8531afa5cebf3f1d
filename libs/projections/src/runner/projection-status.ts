import type { EventStore } from '@asn/event-store';
import { controlKeys, readModelKeys } from '../keys';
import { FIRST_VERSION } from '../read/projection-queries';
import type { ReadModelStore } from '../store/read-model-store.port';
import type { ProjectorStatus } from './projector';

export interface ProjectionStatusReport {
  store: 'memory' | 'redis';
  version: number;
  checkpoint: string;
  head: string;
  /** Log positions between the checkpoint and the head of the log (0 when caught up). */
  lag: number | null;
  updatedAt: string | null;
  leaseHeld: boolean;
  /** The projector's own report, when it runs in this process. */
  projector: ProjectorStatus | null;
  readModels: string[];
}

/** GET /admin/projections: status, checkpoint and lag, read from the store (the projector may run elsewhere). */
export async function projectionStatus(
  store: ReadModelStore,
  eventStore: EventStore,
  instansi: string,
  local: ProjectorStatus | null,
): Promise<ProjectionStatusReport> {
  const control = controlKeys(instansi);
  const [alias, lease] = await store.get([control.alias, control.lease]);
  const version = alias ? Number(alias) : FIRST_VERSION;
  const [meta] = await store.hgetall([readModelKeys(instansi, version).meta]);
  const checkpoint = meta.checkpoint ?? '0';
  const head = await eventStore.headPosition();
  const numeric = /^\d+$/.test(head) && /^\d+$/.test(checkpoint);
  return {
    store: store.kind,
    version,
    checkpoint,
    head,
    lag: numeric ? Math.max(0, Number(head) - Number(checkpoint)) : null,
    updatedAt: meta.updatedAt ?? null,
    leaseHeld: lease !== null,
    projector: local,
    readModels: [
      'unit-rosters',
      'position-detail',
      'employee-profile',
      'dashboard-totals',
      'vacancies',
      'acting-expiring',
      'competency-gaps',
      'jp-per-year',
      'retiring-soon',
      'history-index',
    ],
  };
}
