export { encodeSnapshot, SqliteSnapshotStore, SNAPSHOT_FILE } from './snapshot-store';
export type { EncodedSnapshot, SaveResult, SnapshotInfo } from './snapshot-store';
export { SnapshotWriterThread } from './snapshot-writer-thread';
export { loadState, SnapshotPolicy, Snapshotter, warmUp } from './load-state';
export type { LoadedState, LoadOptions } from './load-state';
export { LazyMap } from './lazy-map';
