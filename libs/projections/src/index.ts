export { controlKeys, readModelKeys, type ControlKeys, type ReadModelKeys } from './keys';
export type { ReadModelWrite } from './write';
export { projectEvent, projectedStreamPrefixes, type ProjectedEvent } from './staffing-projection';
export {
  READ_MODEL_STORE,
  type CommitBatch,
  type CommitGuard,
  type ReadModelStore,
} from './store/read-model-store.port';
export { MemoryReadModelStore } from './store/memory-read-model-store';
export { RedisReadModelStore, type RedisReadModelStoreOptions } from './store/redis-read-model-store';
export {
  ProjectionQueries,
  FIRST_VERSION,
  type Answer,
  type EmployeeListOptions,
  type ReportName,
  type ReportOptions,
} from './read/projection-queries';
export { toCsv } from './read/reports';
export { runProjection, GuardLostError, type CommittedBatch, type RunOptions } from './runner/projection-run';
export {
  Projector,
  type ProjectorOptions,
  type ProjectorState,
  type ProjectorStatus,
  type RebuildStatus,
} from './runner/projector';
export { projectionStatus, type ProjectionStatusReport } from './runner/projection-status';
export { openReadModelStore, describeReadModelStore } from './store/open-read-model-store';
