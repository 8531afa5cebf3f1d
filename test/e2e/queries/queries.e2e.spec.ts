import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { comparePositions } from '@asn/event-store';
import {
  aDecree,
  aManajerialPosition,
  anEmployee,
  aPelaksanaPosition,
  aUnit,
  bearer,
  flushRedisDb,
  nthNip,
} from '@asn/testing';
import { startQueryApi, type QueryApi } from './harness';

/**
 * Redis databases this suite owns (flushed before and after); the EventStoreDB run of the suite uses its own.
 * Not 13-15: the benchmarks flush those.
 */
const REDIS_DB = process.env.ASN_E2E_STORE === 'esdb' ? 10 : 9;
const POSITION = /^\d+(\/\d+)?$/;
const REDIS_URL = `redis://127.0.0.1:6379/${REDIS_DB}`;

let nipCounter = 400;

async function seedWorld(api: QueryApi, prefix: string, employees: number) {
  const unitId = `${prefix}-dinkes`;
  const ok = async (res: Promise<{ status: number; body: { position: string } }>) => {
    const r = await res;
    if (r.status !== 201) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.position;
  };
  await ok(api.send('post', '/units', aUnit({ id: unitId })));
  await ok(api.send('post', '/positions', aManajerialPosition({ id: `${prefix}-kabid`, unitId })));
  await ok(
    api.send('post', '/positions', aPelaksanaPosition({ id: `${prefix}-staf`, unitId, kebutuhan: 50 })),
  );
  const nips = Array.from({ length: employees }, () => nthNip(nipCounter++));
  for (const nip of nips)
    await ok(api.send('post', '/employees', anEmployee({ nip, name: `Pegawai ${nip.slice(-3)}` })));
  return { unitId, kabid: `${prefix}-kabid`, staf: `${prefix}-staf`, nips };
}

describe.each<[string, string, Record<string, string>]>([
  ['embedded (in-process read models)', 'm', {}],
  ['Redis read models, projector in process', 'r', { REDIS_URL, PROJECTOR_MODE: 'embedded' }],
])('queries: %s', (_name, variant, env) => {
  // One event store may serve both variants (the EventStoreDB run): ids differ per variant.
  const seed = (api: QueryApi, prefix: string, employees: number) =>
    seedWorld(api, `${variant}-${prefix}`, employees);
  let api: QueryApi;
  beforeAll(async () => {
    if (env.REDIS_URL) await flushRedisDb(REDIS_URL);
    api = await startQueryApi(env);
  });
  afterAll(async () => {
    await api.close();
    if (env.REDIS_URL) await flushRedisDb(REDIS_URL);
  });

  it('a command followed by a query with X-Min-Position always sees the change', async () => {
    const w = await seed(api, 'ryw', 12);
    for (const nip of w.nips) {
      const res = await api.send('post', `/employees/${nip}/appoint`, {
        positionId: w.staf,
        effectiveDate: '2025-01-06',
        decree: aDecree(),
      });
      expect(res.status).toBe(201);
      const roster = await api.get(`/units/${w.unitId}/roster`, 'viewer', {
        'X-Min-Position': res.body.position,
      });
      expect(roster.status).toBe(200);
      expect(
        comparePositions(roster.headers['x-projection-position'], res.body.position),
      ).toBeGreaterThanOrEqual(0);
      expect(
        roster.body.positions
          .find((p: { id: string }) => p.id === w.staf)
          .holders.map((h: { nip: string }) => h.nip),
      ).toContain(nip);
      const profile = await api.get(`/employees/${nip}`, 'viewer', { 'X-Min-Position': res.body.position });
      expect(profile.body.position).toMatchObject({ id: w.staf, since: '2025-01-06' });
      expect(profile.headers.etag).toMatch(/^"\d+\.-?\d+"$/);
    }
  });

  it('answers the roster shape of API.md with X-Projection-Position', async () => {
    const w = await seed(api, 'shape', 1);
    const res = await api.send('post', '/decrees', {
      decree: aDecree(),
      lines: [{ type: 'APPOINT', nip: w.nips[0], positionId: w.kabid, effectiveDate: '2025-01-06' }],
    });
    const roster = await api.get(`/units/${w.unitId}/roster?asOf=2025-06-02&depth=1`, 'auditor', {
      'X-Min-Position': res.body.position,
    });
    expect(roster.status).toBe(200);
    expect(roster.headers['x-projection-position']).toMatch(POSITION);
    expect(roster.body).toEqual({
      unit: { id: w.unitId, name: 'Dinas Kesehatan', kind: 'OPD', parentId: null },
      asOf: '2025-06-02',
      positions: expect.any(Array),
      redeployedIn: [],
      redeployedOut: [],
      subunits: [],
      totals: { kebutuhan: 51, bezetting: 1, gap: -50, vacantManajerial: 0 },
    });
    expect(roster.body.positions[0]).toEqual({
      id: w.kabid,
      title: 'Kepala Bidang P2P',
      kind: 'ADMINISTRATOR',
      kebutuhan: 1,
      bezetting: 1,
      gap: 0,
      holders: [
        {
          nip: w.nips[0],
          name: expect.any(String),
          since: '2025-01-06',
          decree: expect.objectContaining({ decreeId: res.body.decreeId }),
        },
      ],
      acting: [],
    });
    const position = await api.get(`/positions/${w.kabid}`);
    expect(position.status).toBe(200);
    expect(position.headers.etag).toMatch(/^"\d+"$/);
    expect(position.body.history.holders).toHaveLength(1);
  });

  it('waits at most 2 s for X-Min-Position, then 503 with Retry-After', async () => {
    const started = Date.now();
    const res = await api.get('/dashboard/summary', 'viewer', { 'X-Min-Position': '999999999' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect((await api.get('/dashboard/summary', 'viewer', { 'X-Min-Position': 'abc' })).status).toBe(400);
  });

  it('lists, searches and pages employees; dashboard and reports (JSON and CSV) for a subtree', async () => {
    const w = await seed(api, 'rep', 3);
    const last = await api.send('post', '/decrees', {
      decree: aDecree(),
      lines: w.nips.map((nip) => ({ type: 'APPOINT', nip, positionId: w.staf, effectiveDate: '2025-01-06' })),
    });
    const headers = { 'X-Min-Position': last.body.position };
    const page = await api.get(`/employees?unitId=${w.unitId}&limit=2`, 'viewer', headers);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    const next = await api.get(`/employees?unitId=${w.unitId}&limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body).toEqual({ items: [expect.objectContaining({ nip: w.nips[2] })], nextCursor: null });
    const summary = await api.get(`/dashboard/summary?unitId=${w.unitId}`);
    expect(summary.body).toMatchObject({ employees: 3, positions: 2, bezetting: 3, vacantManajerial: 1 });
    for (const key of [
      'coveredByActing',
      'actingExpiring',
      'overstaffed',
      'understaffed',
      'trainingGaps',
      'jpBelowMinimum',
      'retiringSoon',
    ]) {
      expect(summary.body[key]).toEqual(expect.any(Number));
    }
    const vacancies = await api.get(`/reports/vacancies?unitId=${w.unitId}`);
    expect(vacancies.body.map((r: { positionId: string }) => r.positionId)).toEqual([w.kabid, w.staf]);
    const csv = await api.get(`/reports/jp?unitId=${w.unitId}&format=csv&year=2025`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['x-projection-position']).toMatch(POSITION);
    expect(csv.text.split('\r\n')[0]).toContain('nip,name,positionId');
    expect(csv.text.trim().split('\r\n')).toHaveLength(4);
    expect((await api.get('/reports/nope')).status).toBe(404);
  });

  it('refuses bad parameters, unknown entities and missing roles', async () => {
    expect((await api.get('/units/nope/roster')).status).toBe(404);
    expect((await api.get('/units/x/roster?asOf=2025-02-30')).body.code).toBe('VALIDATION_FAILED');
    expect((await api.get('/units/x/roster?depth=99')).status).toBe(400);
    expect((await api.get(`/employees/${nthNip(990)}`)).status).toBe(404);
    expect((await api.get('/employees/123')).status).toBe(400);
    expect((await api.get('/admin/projections', 'viewer')).status).toBe(403);
    const anonymous = await api.get('/dashboard/summary').set('Authorization', '');
    expect(anonymous.status).toBe(401);
  });

  it('rebuilds into a new version while queries keep answering, then reports the new version', async () => {
    const w = await seed(api, 'rb', 2);
    const before = await api.get('/admin/projections', 'hr-admin');
    expect(before.body).toMatchObject({
      version: expect.any(Number),
      checkpoint: expect.stringMatching(POSITION),
    });
    const started = await api.send('post', '/admin/projections/rebuild', {});
    expect(started.status).toBe(202);
    let status = before.body;
    const deadline = Date.now() + 20_000;
    while (status.version === before.body.version && Date.now() < deadline) {
      const roster = await api.get(`/units/${w.unitId}/roster`);
      expect(roster.status).toBe(200);
      expect(roster.body.positions).toHaveLength(2);
      status = (await api.get('/admin/projections', 'hr-admin')).body;
    }
    expect(status.version).toBe(before.body.version + 1);
    const roster = await api.get(`/units/${w.unitId}/roster`);
    expect(roster.body.positions).toHaveLength(2);
  });

  it('streams each projected change as Server-Sent Events', async () => {
    const server = api.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const chunks: string[] = [];
    const req = http.get({
      host: '127.0.0.1',
      port,
      path: '/api/v1/events/live',
      headers: { Authorization: bearer('viewer'), Accept: 'text/event-stream' },
    });
    const response = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    response.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await api.send('post', '/units', aUnit({ id: `${variant}-sse-unit` }));
    const deadline = Date.now() + 5000;
    while (!chunks.join('').includes('UnitEstablished') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    req.destroy();
    const text = chunks.join('');
    expect(text).toContain('event: ready');
    expect(text).toContain('event: projection');
    const projected = text
      .split('\n\n')
      .filter((block) => block.includes('event: projection'))
      .map((block) =>
        JSON.parse(
          block
            .split('\n')
            .find((line) => line.startsWith('data: '))!
            .slice(6),
        ),
      );
    const change = projected.find((m) =>
      m.events.some((e: { type: string }) => e.type === 'UnitEstablished'),
    );
    expect(change).toBeDefined();
    expect(comparePositions(change.position, res.body.position)).toBeGreaterThanOrEqual(0);
  });
});
