import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbEventStore, HashChainedEventStore } from '@asn/event-store';
import * as exportCommand from '../../../apps/cli/src/commands/export.command';
import * as replayCommand from '../../../apps/cli/src/commands/replay.command';
import * as verifyCommand from '../../../apps/cli/src/commands/verify.command';
import { AGUS, seedDinas, StaffingLog } from '../../../libs/audit/test/staffing-log';
import { type EsdbTestServer, startEsdbTestServer } from '../../support/esdb-test-server/esdb-test-server';
import { cli } from './run-cli';

/** The audit CLI on EventStoreDB (EVENTSTORE_CONNECTION_STRING): the protocol test server, or a real node if set. */
describe('audit CLI on EventStoreDB', () => {
  let server: EsdbTestServer | undefined;
  let connectionString: string;
  let dir: string;
  // A stream name of its own, so that a real node with earlier runs still starts empty for this test.
  const instansi = String(1000 + Math.floor(Math.random() * 8999));

  beforeAll(async () => {
    connectionString = process.env.EVENTSTORE_CONNECTION_STRING ?? '';
    if (!connectionString) {
      server = await startEsdbTestServer({ insecure: true });
      connectionString = server.connectionString;
    }
    dir = mkdtempSync(join(tmpdir(), 'asn-audit-esdb-'));
    const store = new HashChainedEventStore(new EsdbEventStore({ connectionString }));
    const log = new StaffingLog(store, `staffing-${instansi}`);
    await seedDinas(log);
    await log.decree(
      'D-ROT',
      'SK-821/9/2025',
      [{ type: 'REASSIGN', nip: AGUS, positionId: 'KASI3', moveKind: 'ROTASI', effectiveDate: '2025-02-01' }],
      '2025-03-01T10:00:00.000Z',
    );
    await store.close();
  });

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({ EVENTSTORE_CONNECTION_STRING: connectionString });

  it('verify recomputes the chains read from EventStoreDB', async () => {
    const result = await cli(verifyCommand, ['--json'], dir, env());
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ ok: true, problems: [] });
  });

  it('export writes a bundle that verifies offline', async () => {
    const out = join(dir, 'bundle');
    expect((await cli(exportCommand, ['--out', out], dir, env())).code).toBe(0);
    expect(await cli(verifyCommand, ['--bundle', out], dir)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK/),
    });
  });

  it('replay gives the roster as known at a time', async () => {
    const saved = process.env.INSTANSI;
    process.env.INSTANSI = instansi;
    try {
      const args = ['--unit', 'U2', '--as-of', '2025-02-15', '--known-at'];
      const before = await cli(replayCommand, [...args, '2025-02-28'], dir, env());
      const after = await cli(replayCommand, [...args, '2025-03-02'], dir, env());
      expect(JSON.parse(before.out).positions[0].holders).toEqual([]);
      expect(JSON.parse(after.out).positions[0].holders.map((h: { nip: string }) => h.nip)).toEqual([AGUS]);
    } finally {
      if (saved === undefined) delete process.env.INSTANSI;
      else process.env.INSTANSI = saved;
    }
  });
});
