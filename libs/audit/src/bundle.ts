import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { EventStore, Position } from '@asn/event-store';
import { ChainVerifier, isChained, type ChainHead, type FirstBreak } from './chain-verifier';
import { csvEventLine, csvHeader, eventsFileName, ndjsonLine, type ExportFormat } from './event-codec';
import { logEvents } from './read-pages';
import { tarStream, type TarFile } from './tar';

export const MANIFEST_FILE = 'manifest.json';
const CHUNK_CHARS = 1 << 20;
export const BUNDLE_FORMAT = 'asn-audit-bundle/1';

/** manifest.json: what an auditor checks the events file against, offline. */
export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  createdAt: string;
  /** How each event's hash is made, for an auditor who re-implements the check. */
  hashing: string;
  eventsFile: string;
  counts: { events: number; streams: number };
  firstPosition: Position | null;
  lastPosition: Position | null;
  /** Per stream: how many events, and the chain head (revision and hash of its last event). */
  streams: Record<string, { events: number; head: ChainHead }>;
  /** The chain as found while exporting. */
  chain: { ok: boolean; firstBreak?: FirstBreak };
  /** sha256 (hex) and size of every other file of the bundle. */
  files: Record<string, { bytes: number; sha256: string }>;
}

export const HASHING =
  'per stream: hash = sha256hex(prevHash + canonical), prevHash of revision 0 = 64 zeros; canonical = JSON ' +
  'of {stream, revision, id, type, data, metadata without prevHash and hash}, keys sorted at every depth, no spaces';

/**
 * Writes `events.<format>` and `manifest.json` into `dir`, streaming the global log from the store.
 * Returns the manifest.
 */
export async function writeBundle(
  store: EventStore,
  dir: string,
  format: ExportFormat,
  now: () => Date = () => new Date(),
): Promise<Manifest> {
  mkdirSync(dir, { recursive: true });
  const eventsFile = eventsFileName(format);
  const out = createWriteStream(join(dir, eventsFile));
  const digest = createHash('sha256');
  let bytes = 0;
  // Lines are gathered into chunks of about 1 MiB: one write per event would dominate the export.
  let pending = '';
  const flush = async (): Promise<void> => {
    const chunk = Buffer.from(pending, 'utf8');
    pending = '';
    digest.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const write = async (text: string): Promise<void> => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) await flush();
  };
  const verifier = new ChainVerifier();
  const counts = new Map<string, number>();
  try {
    if (format === 'csv') await write(csvHeader());
    for await (const event of logEvents(store)) {
      await write(format === 'csv' ? csvEventLine(event) : ndjsonLine(event));
      if (!isChained(event.stream)) continue;
      verifier.push(event);
      counts.set(event.stream, (counts.get(event.stream) ?? 0) + 1);
    }
    await flush();
  } finally {
    out.end();
    await once(out, 'close');
  }
  const manifest = manifestOf(verifier, counts, eventsFile, now());
  manifest.files[eventsFile] = { bytes, sha256: digest.digest('hex') };
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function manifestOf(
  verifier: ChainVerifier,
  counts: Map<string, number>,
  eventsFile: string,
  createdAt: Date,
): Manifest {
  const streams: Manifest['streams'] = {};
  for (const stream of [...counts.keys()].sort()) {
    const head = verifier.heads.get(stream) ?? { revision: -1, hash: '' };
    streams[stream] = { events: counts.get(stream) ?? 0, head };
  }
  const report = verifier.report();
  return {
    format: BUNDLE_FORMAT,
    createdAt: createdAt.toISOString(),
    hashing: HASHING,
    eventsFile,
    counts: { events: verifier.events, streams: counts.size },
    firstPosition: verifier.firstPosition ?? null,
    lastPosition: verifier.lastPosition ?? null,
    streams,
    chain: report.firstBreak ? { ok: false, firstBreak: report.firstBreak } : { ok: true },
    files: {},
  };
}

/** The bundle in `dir` as one ustar archive (events file first, manifest last), streamed. */
export function bundleArchive(dir: string, manifest: Manifest): AsyncGenerator<Buffer> {
  const names = [manifest.eventsFile, MANIFEST_FILE];
  const files: TarFile[] = names.map((name) => {
    const path = join(dir, name);
    return { name, size: statSync(path).size, content: createReadStream(path) };
  });
  return tarStream(files, Date.parse(manifest.createdAt));
}
