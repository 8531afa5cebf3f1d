import { aDecree, anAppointLine, aUnit, bearer, nthNip } from '@asn/testing';
import { call, SecuredApi, startSecuredApi } from './support/api';

describe('rate limiting (THROTTLE_LIMIT per client per THROTTLE_TTL_MS)', () => {
  let api: SecuredApi;
  beforeAll(async () => {
    api = await startSecuredApi({ env: { THROTTLE_LIMIT: '5', THROTTLE_TTL_MS: '60000' } });
  });
  afterAll(() => api.close());

  it('answers 429 RATE_LIMITED with Retry-After past the limit, and writes nothing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(api, 'GET', '/api/v1/dashboard/summary', bearer('viewer'))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const res = await call(api, 'GET', '/api/v1/dashboard/summary', bearer('viewer'));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps the health probes outside the limit', async () => {
    for (let i = 0; i < 8; i++) expect((await api.http.get('/health/live')).status).toBe(200);
  });

  it('cannot be escaped by inventing X-Forwarded-For addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await api.http
        .post('/api/v1/units')
        .set('Authorization', bearer('hr-admin'))
        .set('X-Forwarded-For', `10.9.${i}.${i + 1}`)
        .send(aUnit({ id: `xff-${i}` }));
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
  });
});

describe('body-size limit (API.md: 1 MiB; a decree holds at most 1,000 lines)', () => {
  let api: SecuredApi;
  beforeAll(async () => {
    api = await startSecuredApi();
  });
  afterAll(() => api.close());
  const post = (path: string, body: string | object, type = 'application/json') =>
    api.http
      .post(`/api/v1${path}`)
      .set('Authorization', bearer('hr-admin'))
      .set('content-type', type)
      .send(body);

  it('answers 413 PAYLOAD_TOO_LARGE above 1 MiB and writes nothing', async () => {
    const head = await api.head();
    const body = JSON.stringify({ ...aUnit({ id: 'huge' }), name: 'x'.repeat(1024 * 1024) });
    const res = await post('/units', body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await api.head()).toBe(head);
  });

  it('reads a body just under 1 MiB and refuses it for the over-long field it holds, naming it', async () => {
    const body = JSON.stringify({ ...aUnit({ id: 'long' }), name: 'x'.repeat(1024 * 1024 - 200) });
    const res = await post('/units', body);
    expect(res.status).toBe(400);
    expect(res.body.violations.map((v: { field: string }) => v.field)).toContain('name');
  });

  it('answers 413 for a decree of 1,001 lines (and nothing is written), 1,000 lines are read', async () => {
    const head = await api.head();
    const lines = (n: number) => Array.from({ length: n }, (_, i) => anAppointLine(nthNip(i), 'p-none'));
    const over = await post('/decrees', { decree: aDecree(), lines: lines(1001) });
    expect({ status: over.status, code: over.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const at = await post('/decrees', { decree: aDecree(), lines: lines(1000) });
    expect([404, 422]).toContain(at.status);
    expect(await api.head()).toBe(head);
  });

  it('serves an entity with the longest id the api accepts (128 characters) on its path routes too', async () => {
    const id = `u${'x'.repeat(127)}`;
    expect((await post('/units', aUnit({ id }))).status).toBe(201);
    const res = await call(api, 'GET', `/api/v1/units/${id}/roster`, bearer('viewer'));
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status: 200,
      type: expect.stringMatching(/json/),
    });
  });

  it('answers 4xx, never 5xx, for bodies that are not JSON', async () => {
    for (const [type, body] of [
      ['text/plain', 'id=x'],
      ['application/x-www-form-urlencoded', 'id=x&name=y'],
      ['application/xml', '<unit/>'],
      ['application/json', ''],
      ['application/json', 'null'],
      ['application/json', '[]'],
      ['application/json', '"unit"'],
      ['application/json', '{"__proto__": {"isAdmin": true}, "id": "p"}'],
      ['application/json', '{"constructor": {"prototype": {"x": 1}}}'],
    ]) {
      const res = await post('/units', body, type);
      expect({ type, body, status: res.status >= 400 && res.status < 500 }).toEqual({
        type,
        body,
        status: true,
      });
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
