export { encodeSnapshot, SqliteSnapshotStore, SNAPSHOT_FILE, untrackState } from './snapshot-store';
export type { EncodedSnapshot, SaveResult, SnapshotInfo } from './snapshot-store';
export { SnapshotFollower } from './snapshot-follower';
export type { FollowerOptions, WrittenSnapshot } from './snapshot-follower';
export { loadState, SnapshotPolicy, warmUp } from './load-state';
export type { LoadedState, LoadOptions } from './load-state';
export { LazyMap } from './lazy-map';
