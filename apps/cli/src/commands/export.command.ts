import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import {
  bundleArchive,
  EXPORT_FORMATS,
  MANIFEST_FILE,
  openStoreOrExplain,
  parseFlags,
  writeBundle,
  type ExportFormat,
} from '@asn/audit';

export const summary =
  'write the event log and manifest.json (counts, positions, chain heads, sha256) for auditors: --out DIR [--format ndjson|csv] [--tar FILE]';

const USAGE =
  'usage: npm run cli -- export --out DIR [--format ndjson|csv] [--tar FILE]\n' +
  '  writes DIR/events.<format> and DIR/manifest.json; --tar also packs both into one ustar archive';

export async function run(args: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(args, { out: 'string', format: 'string', tar: 'string', help: 'boolean' }, USAGE);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = (flags.format ?? 'ndjson') as ExportFormat;
  if (typeof flags.out !== 'string') {
    process.stderr.write(`--out DIR is required\n${USAGE}\n`);
    return 2;
  }
  if (!EXPORT_FORMATS.includes(format)) {
    process.stderr.write(`--format "${String(flags.format)}" is not known; use ndjson or csv\n`);
    return 2;
  }
  const opened = openStoreOrExplain();
  if (!opened) return 2;
  const { store, description } = opened;
  try {
    const started = performance.now();
    const manifest = await writeBundle(store, flags.out, format);
    const written = [manifest.eventsFile, MANIFEST_FILE].map((name) => join(flags.out as string, name));
    if (typeof flags.tar === 'string') {
      const out = createWriteStream(flags.tar);
      await pipeline(Readable.from(bundleArchive(flags.out, manifest)), out);
      if (!out.closed) await once(out, 'close');
      written.push(flags.tar);
    }
    const file = manifest.files[manifest.eventsFile];
    process.stdout.write(
      [
        `exported ${manifest.counts.events.toLocaleString('en')} events in ${manifest.counts.streams} streams from ${description} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
        `positions ${manifest.firstPosition ?? '-'} to ${manifest.lastPosition ?? '-'}; chain ${manifest.chain.ok ? 'intact' : `BROKEN at ${manifest.chain.firstBreak?.stream} revision ${manifest.chain.firstBreak?.revision}`}`,
        `${manifest.eventsFile}: ${file.bytes} bytes, sha256 ${file.sha256}`,
        ...written.map((path) => `wrote ${path}`),
        `check it offline: npm run cli -- verify --bundle ${flags.tar ?? flags.out}`,
      ].join('\n') + '\n',
    );
    return manifest.chain.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
