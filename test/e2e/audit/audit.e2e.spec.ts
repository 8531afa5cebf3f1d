import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type request from 'supertest';
import { rosterOf } from '@asn/domain';
import { aDecree, aManajerialPosition, anEmployee, aPelaksanaPosition, aUnit, nipFor } from '@asn/testing';
import { todayIn } from '../../../apps/api/src/write/clock';
import { StaffingWriter } from '../../../apps/api/src/write/staffing-writer';
import { verifyBundle } from '@asn/audit';
import { accepted, AuditApi, startAuditApi } from './audit-harness';

const AGUS = nipFor({ serial: 11 });
const BUDI = nipFor({ serial: 12, sex: 'F' });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A recorded-time bound strictly between two commands. */
async function instantBetween(): Promise<string> {
  await pause(5);
  const at = new Date().toISOString();
  await pause(5);
  return at;
}

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const holders = (roster: { positions: { id: string; holders: { nip: string }[] }[] }, positionId: string) =>
  roster.positions.find((p) => p.id === positionId)!.holders.map((h) => h.nip);

describe('audit over HTTP', () => {
  let api: AuditApi;
  let beforeRotation: string;
  let afterRotation: string;
  let afterAnnulment: string;
  let rotationDecreeId: string;

  beforeAll(async () => {
    api = await startAuditApi();
    await accepted(api.command('/units', aUnit({ id: 'U1' })));
    await accepted(
      api.command('/positions', aManajerialPosition({ id: 'KABID1', unitId: 'U1', kind: 'PENGAWAS' })),
    );
    await accepted(
      api.command('/positions', aManajerialPosition({ id: 'KABID2', unitId: 'U1', kind: 'PENGAWAS' })),
    );
    await accepted(api.command('/positions', aPelaksanaPosition({ id: 'STAF', unitId: 'U1' })));
    await accepted(api.command('/employees', anEmployee({ nip: AGUS, name: 'Agus' })));
    await accepted(api.command('/employees', anEmployee({ nip: BUDI, name: 'Budi' })));
    await accepted(
      api.command('/decrees', {
        decree: aDecree(),
        lines: [
          { type: 'APPOINT', nip: AGUS, positionId: 'KABID1', effectiveDate: '2020-02-01' },
          { type: 'APPOINT', nip: BUDI, positionId: 'STAF', effectiveDate: '2020-02-01' },
        ],
      }),
    );
    beforeRotation = await instantBetween();
    const rotation = await accepted(
      api.command(`/employees/${AGUS}/reassign`, {
        positionId: 'KABID2',
        moveKind: 'ROTASI',
        effectiveDate: '2025-02-01',
        decree: aDecree(),
      }),
    );
    rotationDecreeId = rotation.decreeId!;
    afterRotation = await instantBetween();
    await accepted(
      api.command(`/decrees/${rotationDecreeId}/annul`, { reason: 'issued in error', decree: aDecree() }),
    );
    afterAnnulment = await instantBetween();
  });

  afterAll(() => api.close());

  it('documents every audit endpoint in OpenAPI', async () => {
    const paths = Object.keys((await api.raw('/docs-json')).body.paths);
    expect(paths.filter((p) => p.startsWith('/api/v1/audit/')).sort()).toEqual([
      '/api/v1/audit/employees/{nip}/history',
      '/api/v1/audit/events',
      '/api/v1/audit/export',
      '/api/v1/audit/positions/{id}/history',
      '/api/v1/audit/units/{id}/history',
      '/api/v1/audit/units/{id}/roster',
      '/api/v1/audit/verify',
    ]);
  });

  describe('access', () => {
    it('answers 401 without a token and 403 to roles other than auditor', async () => {
      const anonymous = await api.get('/audit/verify').set('Authorization', '');
      expect(anonymous.status).toBe(401);
      expect((await api.get('/audit/verify', 'viewer')).status).toBe(403);
      expect((await api.get('/audit/verify', 'hr-admin')).status).toBe(403);
    });
  });

  describe('bitemporal roster', () => {
    const roster = (knownAt: string) => api.get(`/audit/units/U1/roster?asOf=2025-02-15&knownAt=${knownAt}`);

    it('a retroactive reassignment is absent as known before it was recorded', async () => {
      const res = await roster(beforeRotation);
      expect(res.status).toBe(200);
      expect(holders(res.body, 'KABID1')).toEqual([AGUS]);
      expect(holders(res.body, 'KABID2')).toEqual([]);
    });

    it('a retroactive reassignment changes the past roster as known after it was recorded', async () => {
      const res = await roster(afterRotation);
      expect(holders(res.body, 'KABID1')).toEqual([]);
      expect(holders(res.body, 'KABID2')).toEqual([AGUS]);
      expect(res.headers['x-known-at']).toBe(afterRotation);
    });

    it('an annulled decree stops counting from when the annulment was recorded', async () => {
      const res = await roster(afterAnnulment);
      expect(holders(res.body, 'KABID1')).toEqual([AGUS]);
      expect(holders(res.body, 'KABID2')).toEqual([]);
    });

    it('known now and as of today it equals the live roster', async () => {
      const today = todayIn(new Date());
      const res = await api.get(
        `/audit/units/U1/roster?asOf=${today}&knownAt=${new Date().toISOString()}&depth=1`,
      );
      const writer = api.app.get(StaffingWriter);
      const live = await writer.query((state) => rosterOf(state, 'U1', today, 1));
      expect(holders(res.body, 'KABID1')).toEqual([AGUS]);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(live)));
      const defaults = await api.get('/audit/units/U1/roster?depth=1');
      expect(defaults.body).toEqual(res.body);
      const query = await api.get(`/units/U1/roster?asOf=${today}&depth=1`, 'viewer');
      if (query.status === 200) expect(query.body).toEqual(res.body);
    });

    it('answers 400 naming asOf or knownAt when malformed, 404 for a unit not known then', async () => {
      const badDate = await api.get('/audit/units/U1/roster?asOf=2025-02-30');
      expect(badDate.status).toBe(400);
      expect(badDate.body.violations[0].field).toBe('asOf');
      const badTime = await api.get('/audit/units/U1/roster?knownAt=yesterday');
      expect(badTime.status).toBe(400);
      expect(badTime.body.violations[0].field).toBe('knownAt');
      const early = await api.get('/audit/units/U1/roster?knownAt=2000-01-01T00:00:00Z');
      expect(early.status).toBe(404);
      expect(early.body.code).toBe('NOT_FOUND');
    });
  });

  describe('history', () => {
    it('shows each event of an employee in order, with decree, actor, hash and the annulment that cancelled it', async () => {
      const res = await api.get(`/audit/employees/${AGUS}/history`);
      expect(res.status).toBe(200);
      expect(res.body.map((e: { type: string }) => e.type)).toEqual([
        'EmployeeRegistered',
        'DecreeIssued',
        'EmployeeAppointed',
        'DecreeIssued',
        'EmployeeReassigned',
        'DecreeAnnulled',
      ]);
      const reassigned = res.body[4];
      expect(Object.keys(reassigned).sort()).toEqual(
        [
          'eventId',
          'type',
          'stream',
          'revision',
          'position',
          'effectiveDate',
          'recordedAt',
          'actor',
          'decree',
          'data',
          'annulledBy',
          'hash',
        ].sort(),
      );
      expect(reassigned).toMatchObject({
        stream: 'staffing-3374',
        effectiveDate: '2025-02-01',
        actor: 'officer-1',
        decree: { decreeId: rotationDecreeId },
        annulledBy: { eventId: res.body[5].eventId, reason: 'issued in error' },
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(res.body[2].annulledBy).toBeUndefined();
    });

    it('pages a long history: X-Next-After and Link lead to the rest', async () => {
      const all = (await api.get(`/audit/positions/KABID1/history`)).body;
      const first = await api.get(`/audit/positions/KABID1/history?limit=2`);
      expect(first.body).toEqual(all.slice(0, 2));
      expect(first.headers['x-next-after']).toBe(all[1].position);
      expect(first.headers.link).toContain(`after=${encodeURIComponent(all[1].position)}`);
      const rest = await api.get(
        `/audit/positions/KABID1/history?after=${first.headers['x-next-after']}&limit=100`,
      );
      expect(rest.body).toEqual(all.slice(2));
      expect(rest.headers['x-next-after']).toBeUndefined();
    });

    it("a unit's history includes its positions' moves", async () => {
      const res = await api.get('/audit/units/U1/history');
      expect(res.body.filter((e: { type: string }) => e.type === 'PositionEstablished')).toHaveLength(3);
      expect(res.body.map((e: { type: string }) => e.type)).toContain('EmployeeReassigned');
    });

    it('answers 404 for an unknown subject and 400 for a malformed NIP', async () => {
      expect((await api.get(`/audit/employees/${nipFor({ serial: 999 })}/history`)).status).toBe(404);
      expect((await api.get('/audit/positions/NOPE/history')).status).toBe(404);
      const bad = await api.get('/audit/employees/123/history');
      expect(bad.status).toBe(400);
      expect(bad.body.violations[0].field).toBe('nip');
    });
  });

  describe('global log', () => {
    it('is paged with next, filtered by type, and streamed as NDJSON on request', async () => {
      const first = await api.get('/audit/events?limit=3');
      expect(first.body.events).toHaveLength(3);
      expect(first.body.next).toBe(first.body.events[2].position);
      const second = await api.get(`/audit/events?after=${first.body.next}&limit=3`);
      expect(second.body.events[0].position).not.toEqual(first.body.events[2].position);
      const decrees = await api.get('/audit/events?type=DecreeIssued,DecreeAnnulled');
      expect(decrees.body.events.map((e: { type: string }) => e.type)).toEqual([
        'DecreeIssued',
        'DecreeIssued',
        'DecreeAnnulled',
      ]);
      const everything = await api.get('/audit/events?limit=10000');
      const streamed = await api
        .get('/audit/events')
        .set('Accept', 'application/x-ndjson')
        .buffer(true)
        .parse(binary);
      expect(streamed.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = (streamed.body as Buffer)
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines).toEqual(everything.body.events);
    });

    it('answers 400 for a malformed position or limit', async () => {
      expect((await api.get('/audit/events?after=abc')).body.violations[0].field).toBe('after');
      expect((await api.get('/audit/events?limit=0')).body.violations[0].field).toBe('limit');
    });
  });

  describe('export and verify', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'asn-audit-export-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('exports an archive that verifies offline and agrees with /audit/verify', async () => {
      const verify = await api.get('/audit/verify');
      expect(verify.body).toEqual({ ok: true, events: expect.any(Number), streams: 1 });
      for (const format of ['csv', 'ndjson']) {
        const res = await api.get(`/audit/export?format=${format}`).buffer(true).parse(binary);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/x-tar');
        expect(res.headers['content-disposition']).toMatch(
          /^attachment; filename="asn-audit-3374-\d{8}T\d{6}Z\.tar"$/,
        );
        const file = join(dir, `bundle-${format}.tar`);
        writeFileSync(file, res.body as Buffer);
        expect(await verifyBundle(file)).toEqual({
          ok: true,
          events: verify.body.events,
          streams: 1,
          problems: [],
        });
      }
      expect((await api.get('/audit/export?format=xml')).body.violations[0].field).toBe('format');
    });

    // Tampering edits the embedded store's file, so it runs only when the api is on SQLite.
    const onSqlite = process.env.ASN_E2E_STORE === 'esdb' ? it.skip : it;
    onSqlite('names the first break after an event is edited in the SQLite file', async () => {
      const db = new Database(join(api.dataDir, 'events.sqlite'));
      db.prepare(
        `UPDATE events SET data = json_set(data, '$.effectiveDate', '2019-01-01') WHERE type = 'EmployeeReassigned'`,
      ).run();
      const [row] = db.prepare(`SELECT revision FROM events WHERE type = 'EmployeeReassigned'`).all() as {
        revision: number;
      }[];
      db.close();
      const res = await api.get('/audit/verify');
      expect(res.body).toMatchObject({
        ok: false,
        firstBreak: {
          stream: 'staffing-3374',
          revision: row.revision,
          expected: expect.any(String),
          actual: expect.any(String),
        },
      });
      expect(Object.keys(res.body.firstBreak).sort()).toEqual(['actual', 'expected', 'revision', 'stream']);
    });
  });
});
