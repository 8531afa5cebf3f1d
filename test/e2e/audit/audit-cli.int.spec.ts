import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { HashChainedEventStore, SqliteEventStore } from '@asn/event-store';
import { cli } from './run-cli';
import * as exportCommand from '../../../apps/cli/src/commands/export.command';
import * as replayCommand from '../../../apps/cli/src/commands/replay.command';
import * as verifyCommand from '../../../apps/cli/src/commands/verify.command';
import { AGUS, seedDinas, StaffingLog } from '../../../libs/audit/test/staffing-log';

describe('audit CLI: verify, export, replay', () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asn-audit-cli-'));
    dataDir = join(dir, 'data');
    const store = new HashChainedEventStore(new SqliteEventStore(join(dataDir, 'events.sqlite')));
    const log = new StaffingLog(store);
    await seedDinas(log);
    await log.decree(
      'D-ROT',
      'SK-821/9/2025',
      [{ type: 'REASSIGN', nip: AGUS, positionId: 'KASI3', moveKind: 'ROTASI', effectiveDate: '2025-02-01' }],
      '2025-03-01T10:00:00.000Z',
    );
    await store.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run cli -- verify reports an intact store through the real dispatcher', async () => {
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'cli', '--', 'verify', '--json'],
      {
        env: { ...process.env, DATA_DIR: dataDir },
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, events: 15, streams: 1, problems: [] });
  }, 30_000);

  it('replay --unit --as-of --known-at prints the roster as known then', async () => {
    const before = await cli(
      replayCommand,
      ['--unit', 'U2', '--as-of', '2025-02-15', '--known-at', '2025-02-28'],
      dataDir,
    );
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out).positions[0]).toMatchObject({ id: 'KASI3', holders: [] });
    const after = await cli(
      replayCommand,
      ['--unit', 'U2', '--as-of', '2025-02-15', '--known-at', '2025-03-01T10:00:00Z'],
      dataDir,
    );
    expect(JSON.parse(after.out).positions[0].holders.map((h: { nip: string }) => h.nip)).toEqual([AGUS]);
  });

  it('replay refuses a bad date and an unknown unit', async () => {
    expect(await cli(replayCommand, ['--unit', 'U2', '--as-of', '2025-13-01'], dataDir)).toMatchObject({
      code: 2,
      err: expect.stringContaining('--as-of "2025-13-01" is not a date'),
    });
    expect(await cli(replayCommand, ['--unit', 'NOPE', '--as-of', '2025-01-01'], dataDir)).toMatchObject({
      code: 1,
      err: expect.stringContaining('unit NOPE was not known'),
    });
  });

  it('replay --events streams the global log as NDJSON, filtered by type', async () => {
    const all = await cli(replayCommand, ['--events'], dataDir);
    const lines = all.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(15);
    expect(lines.map((e) => e.position)).toEqual(lines.map((_, i) => String(i + 1)));
    const decrees = await cli(
      replayCommand,
      ['--events', '--type', 'DecreeIssued', '--after', '10'],
      dataDir,
    );
    expect(
      decrees.out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['DecreeIssued']);
  });

  it('export --out writes events and manifest; verify --bundle checks them offline, and catches an edit', async () => {
    const out = join(dir, 'bundle');
    const tar = join(dir, 'bundle.tar');
    const exported = await cli(exportCommand, ['--out', out, '--format', 'csv', '--tar', tar], dataDir);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('exported 15 events in 1 streams');
    expect(existsSync(join(out, 'events.csv')) && existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).counts).toEqual({
      events: 15,
      streams: 1,
    });
    const offline = join(dir, 'no-store-here');
    expect((await cli(verifyCommand, ['--bundle', out], offline)).code).toBe(0);
    expect((await cli(verifyCommand, ['--bundle', tar], offline)).out).toMatch(
      /^OK: every hash chain is intact/,
    );
  });

  it('verify fails with exit code 1 and names the first break after the file is edited', async () => {
    const out = join(dir, 'before-tamper');
    await cli(exportCommand, ['--out', out], dataDir);
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.prepare(
      `UPDATE events SET metadata = json_set(metadata, '$.actor', 'intruder') WHERE revision = 4`,
    ).run();
    db.prepare('DELETE FROM events WHERE global_position = (SELECT max(global_position) FROM events)').run();
    db.close();
    const result = await cli(verifyCommand, ['--heads', out], dataDir);
    expect(result.code).toBe(1);
    expect(result.out).toContain('first break: stream staffing-3374, revision 4: expected ');
    expect(result.out).toContain('- staffing-3374: revision 14 (in the bundle of ');
    const json = JSON.parse((await cli(verifyCommand, ['--json'], dataDir)).out);
    expect(json).toMatchObject({ ok: false, firstBreak: { stream: 'staffing-3374', revision: 4 } });
  });

  it('verify says where it looked when there is no store', async () => {
    const result = await cli(verifyCommand, [], join(dir, 'empty'));
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('no event store at ') });
    expect(result.err).toContain('set DATA_DIR');
  });
});
