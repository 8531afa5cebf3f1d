export { historyOf } from './history';
export type {
  Annulment,
  DecreeReference,
  HistoryEntry,
  HistoryOptions,
  HistoryPage,
  HistorySubject,
} from './history';
export { StaffingReplay, rosterKnownAt } from './staffing-replay';
export type { RosterQuery, StaffingReplayOptions } from './staffing-replay';
export { parseAsOf, parseKnownAt } from './known-at';
export type { Parsed } from './known-at';
export { ChainVerifier, verifyStore } from './chain-verifier';
export type { ChainHead, FirstBreak, VerifyReport } from './chain-verifier';
export { logPage } from './log-page';
export type { LogPage, LogPageQuery } from './log-page';
export { logEvents, streamEvents } from './read-pages';
export { EXPORT_FORMATS, eventsFileName, ndjsonLine } from './event-codec';
export type { ExportFormat } from './event-codec';
export { BUNDLE_FORMAT, MANIFEST_FILE, bundleArchive, writeBundle } from './bundle';
export type { Manifest } from './bundle';
export { checkHeadsInStore, verifyBundle } from './verify-bundle';
export type { BundleReport } from './verify-bundle';
export { listTar, tarStream } from './tar';
export type { TarEntry, TarFile } from './tar';
export { SQLITE_FILE, openStoreFromEnv, openStoreOrExplain } from './open-store';
export type { OpenedStore } from './open-store';
export { parseFlags, writeOut } from './cli-flags';
export type { FlagSpec, Flags } from './cli-flags';
