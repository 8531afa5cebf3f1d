import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { EventStore, RecordedEvent } from '@asn/event-store';
import { MANIFEST_FILE, manifestOf, type Manifest } from './bundle';
import { ChainVerifier, isChained, type VerifyReport } from './chain-verifier';
import { csvRecords } from './csv';
import { eventFromCsv, eventFromNdjson } from './event-codec';
import { listTar } from './tar';

/** The result of checking a bundle offline: the chain report plus every disagreement with the manifest. */
export interface BundleReport extends VerifyReport {
  problems: string[];
}

/** The files of a bundle, from a directory or from a ustar archive. */
interface BundleSource {
  has(name: string): boolean;
  open(name: string): Readable;
}

function openBundle(path: string): BundleSource {
  if (!existsSync(path)) throw new Error(`no bundle at ${path}; pass the directory of an export or its .tar`);
  if (statSync(path).isDirectory()) {
    const names = new Set(readdirSync(path));
    return { has: (name) => names.has(name), open: (name) => createReadStream(join(path, name)) };
  }
  const entries = new Map(listTar(path).map((entry) => [entry.name, entry]));
  return {
    has: (name) => entries.has(name),
    open: (name) => {
      const entry = entries.get(name)!;
      if (entry.size === 0) return Readable.from([]);
      return createReadStream(path, { start: entry.offset, end: entry.offset + entry.size - 1 });
    },
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function digestOf(stream: Readable): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

async function* eventsIn(source: BundleSource, name: string): AsyncGenerator<RecordedEvent> {
  const lines = createInterface({ input: source.open(name), crlfDelay: Infinity });
  if (name.endsWith('.csv')) {
    let header = true;
    for await (const record of csvRecords(lines)) {
      if (header) header = false;
      else yield eventFromCsv(record);
    }
    return;
  }
  for await (const line of lines) if (line.trim() !== '') yield eventFromNdjson(line);
}

/**
 * Checks an export bundle with no server: each file's sha256 against the manifest, every stream's chain
 * recomputed from the events file, and the counts, positions and chain heads against the manifest.
 */
export async function verifyBundle(path: string): Promise<BundleReport> {
  const source = openBundle(path);
  if (!source.has(MANIFEST_FILE)) {
    return { ok: false, events: 0, streams: 0, problems: [`${MANIFEST_FILE} is missing from ${path}`] };
  }
  const manifest = JSON.parse((await readAll(source.open(MANIFEST_FILE))).toString('utf8')) as Manifest;
  const problems: string[] = [];
  for (const [name, expected] of Object.entries(manifest.files ?? {})) {
    if (!source.has(name)) {
      problems.push(`${name} is listed in the manifest but missing from the bundle`);
      continue;
    }
    const actual = await digestOf(source.open(name));
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) {
      problems.push(
        `${name}: sha256 ${actual.sha256} (${actual.bytes} bytes), manifest says ${expected.sha256} (${expected.bytes} bytes)`,
      );
    }
  }
  if (!source.has(manifest.eventsFile)) {
    problems.push(`the events file ${manifest.eventsFile} is missing from the bundle`);
    return { ok: false, events: 0, streams: 0, problems };
  }
  const verifier = new ChainVerifier();
  const counts = new Map<string, number>();
  try {
    for await (const event of eventsIn(source, manifest.eventsFile)) {
      if (!isChained(event.stream)) continue;
      verifier.push(event);
      counts.set(event.stream, (counts.get(event.stream) ?? 0) + 1);
    }
  } catch (error) {
    problems.push(`${manifest.eventsFile} cannot be read: ${(error as Error).message}`);
  }
  problems.push(...compare(manifest, manifestOf(verifier, counts, manifest.eventsFile, new Date())));
  const report = verifier.report();
  return { ...report, ok: report.ok && problems.length === 0, problems };
}

/** Where the recomputed manifest disagrees with the one in the bundle. */
function compare(claimed: Manifest, found: Manifest): string[] {
  const problems: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (a !== b) problems.push(`${what}: manifest says ${String(a)}, the events file has ${String(b)}`);
  };
  same('event count', claimed.counts?.events, found.counts.events);
  same('stream count', claimed.counts?.streams, found.counts.streams);
  same('first position', claimed.firstPosition, found.firstPosition);
  same('last position', claimed.lastPosition, found.lastPosition);
  const names = new Set([...Object.keys(claimed.streams ?? {}), ...Object.keys(found.streams)]);
  for (const stream of [...names].sort()) {
    const a = claimed.streams?.[stream];
    const b = found.streams[stream];
    if (!a || !b) {
      problems.push(`stream ${stream} is ${a ? 'missing from the events file' : 'not in the manifest'}`);
      continue;
    }
    same(`${stream} event count`, a.events, b.events);
    same(`${stream} head revision`, a.head?.revision, b.head.revision);
    same(`${stream} head hash`, a.head?.hash, b.head.hash);
  }
  return problems;
}

/**
 * Whether the store still holds every chain head of an earlier bundle: the store may have grown since,
 * but an event removed from the end of a stream (which no chain can show by itself) is caught here.
 */
export async function checkHeadsInStore(store: EventStore, bundlePath: string): Promise<string[]> {
  const source = openBundle(bundlePath);
  if (!source.has(MANIFEST_FILE)) return [`${MANIFEST_FILE} is missing from ${bundlePath}`];
  const manifest = JSON.parse((await readAll(source.open(MANIFEST_FILE))).toString('utf8')) as Manifest;
  const problems: string[] = [];
  for (const [stream, { head }] of Object.entries(manifest.streams)) {
    const [event] = await store.readStream(stream, { fromRevision: head.revision, maxCount: 1 });
    if (!event || event.revision !== head.revision) {
      problems.push(`${stream}: revision ${head.revision} (in the bundle of ${manifest.createdAt}) is gone`);
    } else if (event.metadata.hash !== head.hash) {
      problems.push(
        `${stream}: revision ${head.revision} has hash ${event.metadata.hash}, the bundle of ${manifest.createdAt} says ${head.hash}`,
      );
    }
  }
  return problems;
}
