import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HashChainedEventStore, MemoryEventStore, SqliteEventStore, type EventStore } from '@asn/event-store';
import { bundleArchive, writeBundle, type Manifest } from '../src/bundle';
import { listTar } from '../src/tar';
import { checkHeadsInStore, verifyBundle } from '../src/verify-bundle';
import { AGUS, seedDinas, StaffingLog, STREAM } from './staffing-log';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('export bundle and its offline check', () => {
  let dir: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asn-bundle-'));
    store = new HashChainedEventStore(new MemoryEventStore());
    const log = new StaffingLog(store);
    await seedDinas(log);
    await log.decree(
      'D-ROT',
      'SK-821/9/2025',
      [{ type: 'REASSIGN', nip: AGUS, positionId: 'KASI3', moveKind: 'ROTASI', effectiveDate: '2025-02-01' }],
      '2025-03-01T10:00:00.000Z',
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Rewrites the events file and, like a careful forger, the manifest's digest of it. */
  function forge(out: string, manifest: Manifest, edit: (text: string) => string): void {
    const path = join(out, manifest.eventsFile);
    const text = edit(readFileSync(path, 'utf8'));
    writeFileSync(path, text);
    manifest.files[manifest.eventsFile] = {
      bytes: Buffer.byteLength(text),
      sha256: sha256(Buffer.from(text)),
    };
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
  }

  it('the manifest holds counts, first and last position, chain heads and the events file digest', async () => {
    const out = join(dir, 'bundle');
    const manifest = await writeBundle(store, out, 'ndjson');
    const [last] = await store.readStream(STREAM, { direction: 'backwards', maxCount: 1 });
    const bytes = readFileSync(join(out, 'events.ndjson'));
    expect(manifest).toMatchObject({
      counts: { events: 15, streams: 1 },
      firstPosition: '1',
      lastPosition: last.position,
      streams: { [STREAM]: { events: 15, head: { revision: 14, hash: last.metadata.hash } } },
      chain: { ok: true },
      files: { 'events.ndjson': { bytes: bytes.length, sha256: sha256(bytes) } },
    });
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(bytes.toString('utf8').trim().split('\n')).toHaveLength(15);
  });

  it.each(['ndjson', 'csv'] as const)('an untouched %s bundle verifies offline', async (format) => {
    const out = join(dir, format);
    await writeBundle(store, out, format);
    expect(await verifyBundle(out)).toEqual({ ok: true, events: 15, streams: 1, problems: [] });
  });

  it('the archive is a ustar file other tools read, and it verifies as it is', async () => {
    const out = join(dir, 'bundle');
    const manifest = await writeBundle(store, out, 'csv');
    const tar = join(dir, 'bundle.tar');
    await pipeline(Readable.from(bundleArchive(out, manifest)), createWriteStream(tar));
    expect(listTar(tar).map((e) => e.name)).toEqual(['events.csv', 'manifest.json']);
    const listed = execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['events.csv', 'manifest.json']);
    const extracted = join(dir, 'extracted');
    execFileSync('mkdir', ['-p', extracted]);
    execFileSync('tar', ['-xf', tar, '-C', extracted]);
    expect(readFileSync(join(extracted, 'events.csv'))).toEqual(readFileSync(join(out, 'events.csv')));
    expect(await verifyBundle(tar)).toMatchObject({ ok: true, events: 15 });
  });

  it('an edited events file fails its digest and its chain', async () => {
    const out = join(dir, 'bundle');
    await writeBundle(store, out, 'ndjson');
    const path = join(out, 'events.ndjson');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"KASI3"', '"KASI2"'));
    const report = await verifyBundle(out);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/^events\.ndjson: sha256 /);
    expect(report.firstBreak).toMatchObject({ stream: STREAM });
  });

  it('an edited event is caught even when the manifest digest was forged to match', async () => {
    const out = join(dir, 'bundle');
    const manifest = await writeBundle(store, out, 'csv');
    forge(out, manifest, (text) => text.replace('Jabatan KASI1', 'Jabatan KASI9'));
    const report = await verifyBundle(out);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ stream: STREAM, revision: 2 });
  });

  it('a removed last event is caught by the chain heads of the manifest', async () => {
    const out = join(dir, 'bundle');
    const manifest = await writeBundle(store, out, 'ndjson');
    forge(out, manifest, (text) => text.trim().split('\n').slice(0, -1).join('\n') + '\n');
    const report = await verifyBundle(out);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toBeUndefined();
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'event count: manifest says 15, the events file has 14',
        `${STREAM} head revision: manifest says 14, the events file has 13`,
      ]),
    );
  });

  it('a bundle without a manifest is refused', async () => {
    const out = join(dir, 'bundle');
    await writeBundle(store, out, 'ndjson');
    rmSync(join(out, 'manifest.json'));
    expect(await verifyBundle(out)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/manifest\.json is missing/)],
    });
  });

  it("an event removed from the end of a stream in the store is caught against an earlier bundle's heads", async () => {
    const file = join(dir, 'events.sqlite');
    const sqlite = new HashChainedEventStore(new SqliteEventStore(file));
    const log = new StaffingLog(sqlite);
    await seedDinas(log);
    const out = join(dir, 'earlier');
    await writeBundle(sqlite, out, 'ndjson');
    expect(await checkHeadsInStore(sqlite, out)).toEqual([]);
    await sqlite.close();
    const db = new Database(file);
    db.prepare('DELETE FROM events WHERE global_position = (SELECT max(global_position) FROM events)').run();
    db.close();
    const reopened = new SqliteEventStore(file);
    try {
      expect(await checkHeadsInStore(reopened, out)).toEqual([
        expect.stringMatching(new RegExp(`^${STREAM}: revision 12 \\(in the bundle of .*\\) is gone$`)),
      ]);
    } finally {
      await reopened.close();
    }
  });
});
