export { SqliteSnapshotStore, SNAPSHOT_FILE } from './snapshot-store';
export type { SaveResult, SnapshotInfo } from './snapshot-store';
export { loadState, SnapshotPolicy, Snapshotter, warmUp } from './load-state';
export type { LoadedState, LoadOptions } from './load-state';
export { LazyMap } from './lazy-map';
