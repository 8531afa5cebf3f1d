import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EVENT_STORE, EventStore, MemoryEventStore, StoreUnavailableError } from '@asn/event-store';
import { aDecree, aUnit, bearer, signHs256, tokenFor } from '@asn/testing';
import { createApp } from '../../../apps/api/src/bootstrap';
import { Api, expectAccepted, expectProblem, startApi } from './harness';
import { seedWorld } from './world';

describe('platform: auth, errors, idempotency, operations', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  describe('authentication', () => {
    it('answers 401 for an expired token, a forged signature and a malformed header', async () => {
      const expired = tokenFor('hr-admin', { iat: Math.floor(Date.now() / 1000) - 7200, ttl: 60 });
      const forged = tokenFor('hr-admin', { secret: 'another-secret-another-secret-123456' });
      for (const authorization of [`Bearer ${expired}`, `Bearer ${forged}`, 'Bearer nope', 'Basic abc']) {
        const res = await api.http
          .post('/api/v1/units')
          .set('Authorization', authorization)
          .send(aUnit({ id: 'auth-x' }));
        expectProblem(res, 401, 'UNAUTHENTICATED');
      }
    });

    it('answers 403 for a token without the role, and records the token sub as the actor', async () => {
      const none = signHs256(
        { sub: 'x', roles: [], exp: Math.floor(Date.now() / 1000) + 60 },
        'asn-workforce-engine-development-secret-do-not-use-in-production',
      );
      expectProblem(
        await api.http
          .post('/api/v1/units')
          .set('Authorization', `Bearer ${none}`)
          .send(aUnit({ id: 'auth-y' })),
        403,
        'FORBIDDEN',
      );
      const res = await api.http
        .post('/api/v1/units')
        .set('Authorization', bearer(['viewer', 'hr-admin'], { sub: 'siti' }))
        .set('X-Correlation-Id', 'corr-42')
        .send(aUnit({ id: 'auth-z' }));
      expectAccepted(res, ['UnitEstablished']);
      const store = api.app.get<symbol, EventStore>(EVENT_STORE);
      const [event] = await store.readStream('staffing-3374', {
        fromRevision: res.body.events[0].revision,
        maxCount: 1,
      });
      expect(event.metadata).toMatchObject({
        actor: 'siti',
        correlationId: 'corr-42',
        commandId: res.body.commandId,
        causationId: res.body.commandId,
        eventId: res.body.events[0].id,
        schemaVersion: 1,
        hash: expect.any(String),
        prevHash: expect.any(String),
      });
      expect(new Date(event.metadata.recordedAt).toISOString()).toBe(event.metadata.recordedAt);
    });

    it('verifies RS256 tokens with the keys at JWT_JWKS_URL', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
      const server: Server = createServer((_, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      const oidc = await startApi({
        env: { JWT_JWKS_URL: url, NODE_ENV: 'production' },
        eventStore: new MemoryEventStore(),
      });
      try {
        const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        const unsigned = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64({ sub: 'kc-user', roles: ['hr-admin'], exp: now + 60 })}`;
        const token = `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
        const ok = await oidc.http
          .post('/api/v1/units')
          .set('Authorization', `Bearer ${token}`)
          .send(aUnit());
        expectAccepted(ok, ['UnitEstablished']);
        // The development secret is not accepted once a real key source is configured.
        expectProblem(
          await oidc.http.post('/api/v1/units').set('Authorization', bearer('hr-admin')).send(aUnit()),
          401,
          'UNAUTHENTICATED',
        );
      } finally {
        await oidc.close();
        server.close();
      }
    });
  });

  describe('configuration', () => {
    it('refuses to start in production without JWT_SECRET or JWT_JWKS_URL, naming them', async () => {
      await expect(
        createApp({ env: { NODE_ENV: 'production', JWT_SECRET: '', JWT_JWKS_URL: '' } }),
      ).rejects.toThrow(/JWT_SECRET or JWT_JWKS_URL is required when NODE_ENV=production/);
    });

    it('stops on a bad setting, naming the variable', async () => {
      await expect(createApp({ env: { PORT: 'eighty' } })).rejects.toThrow(
        /PORT must be an integer.*"eighty"/,
      );
      await expect(createApp({ env: { INSTANSI: 'semarang' } })).rejects.toThrow(/INSTANSI/);
      await expect(createApp({ env: { JWT_SECRET: 'short' } })).rejects.toThrow(
        /JWT_SECRET must be at least 32/,
      );
    });

    it('writes to the staffing stream of INSTANSI', async () => {
      const other = await startApi({ env: { INSTANSI: '3301' }, eventStore: new MemoryEventStore() });
      try {
        const res = await other.send('post', '/units', aUnit());
        expect(res.body.events[0].stream).toBe('staffing-3301');
      } finally {
        await other.close();
      }
    });
  });

  describe('errors as application/problem+json', () => {
    it('answers 400 for malformed JSON', async () => {
      const res = await api.http
        .post('/api/v1/units')
        .set('Authorization', bearer('hr-admin'))
        .set('content-type', 'application/json')
        .send('{"id": "x",');
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MiB', async () => {
      const res = await api.send('post', '/units', aUnit({ id: 'big', name: 'x'.repeat(1024 * 1024) }));
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 404 NOT_FOUND for an unknown route and 400 for an over-long Idempotency-Key', async () => {
      expectProblem(await api.get('/nowhere'), 404, 'NOT_FOUND');
      expectProblem(
        await api.send('post', '/units', aUnit({ id: 'k' }), {
          headers: { 'Idempotency-Key': 'k'.repeat(129) },
        }),
        400,
        'VALIDATION_FAILED',
        { field: 'Idempotency-Key' },
      );
    });

    it('answers 503 UNAVAILABLE when the event store is unreachable, and nothing is written', async () => {
      const inner = new MemoryEventStore();
      const down = await startApi({ eventStore: inner });
      try {
        jest.spyOn(inner, 'append').mockRejectedValue(new StoreUnavailableError('connection refused'));
        expectProblem(await down.send('post', '/units', aUnit()), 503, 'UNAVAILABLE');
        jest.spyOn(inner, 'readStream').mockRejectedValue(new StoreUnavailableError('connection refused'));
        expectProblem(await down.send('post', '/units', aUnit()), 503, 'UNAVAILABLE');
        jest.spyOn(inner, 'headPosition').mockRejectedValue(new StoreUnavailableError('connection refused'));
        expectProblem(await down.http.get('/health/ready'), 503, 'UNAVAILABLE');
        jest.restoreAllMocks();
        expectAccepted(await down.send('post', '/units', aUnit()), ['UnitEstablished']);
      } finally {
        jest.restoreAllMocks();
        await down.close();
      }
    });

    it('answers 429 RATE_LIMITED past THROTTLE_LIMIT', async () => {
      const limited = await startApi({ env: { THROTTLE_LIMIT: '3' }, eventStore: new MemoryEventStore() });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++)
          statuses.push((await limited.send('post', '/units', aUnit({ id: `t${i}` }))).status);
        expect(statuses).toEqual([201, 201, 201]);
        expectProblem(await limited.send('post', '/units', aUnit({ id: 't4' })), 429, 'RATE_LIMITED');
      } finally {
        await limited.close();
      }
    });
  });

  describe('idempotency across a restart (embedded SQLite store)', () => {
    it('answers a retry after a restart with the first answer, from the log', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'asn-restart-'));
      try {
        const headers = { 'Idempotency-Key': 'restart-1' };
        const first = await startApi({}, dir);
        const res = await first.send('post', '/units', aUnit({ id: 'persisted' }), { headers });
        expectAccepted(res, ['UnitEstablished']);
        await first.close();
        const second = await startApi({}, dir);
        try {
          const retry = await second.send('post', '/units', aUnit({ id: 'persisted' }), { headers });
          expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: res.body });
          expectProblem(
            await second.send('post', '/units', aUnit({ id: 'other' }), { headers }),
            409,
            'IDEMPOTENCY_MISMATCH',
          );
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('two api processes on one embedded store', () => {
    it('re-decides on a conflict, so only one of them places a holder on a manajerial post', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'asn-two-'));
      const one = await startApi({}, dir);
      const two = await startApi({}, dir);
      try {
        const world = await seedWorld(one, 20);
        const results = await Promise.all(
          world.nips.map((nip, i) =>
            (i % 2 ? two : one).send('post', `/employees/${nip}/appoint`, {
              positionId: world.kabid,
              effectiveDate: '2025-01-06',
              decree: aDecree(),
            }),
          ),
        );
        const statuses = results.map((r) => r.status).sort();
        expect(statuses.filter((s) => s === 201)).toHaveLength(1);
        expect(statuses.filter((s) => s === 422)).toHaveLength(19);
        // Both copies agree afterwards: the post is taken for a further appointment through either.
        const extra = (await seedWorld(two, 1)).nips[0];
        const again = await one.send('post', `/employees/${extra}/appoint`, {
          positionId: world.kabid,
          effectiveDate: '2025-01-06',
          decree: aDecree(),
        });
        expectProblem(again, 422, 'RULE_VIOLATION', { rule: 'POSITION_OCCUPIED' });
      } finally {
        await one.close();
        await two.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('operations', () => {
    it('serves /health/live and /health/ready without a token', async () => {
      expect((await api.http.get('/health/live')).body).toEqual({ status: 'ok' });
      const ready = await api.http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        eventStore: { status: 'up', position: expect.any(String) },
      });
    });

    it('lists every command route in the OpenAPI document at /docs-json', async () => {
      const res = await request(api.app.getHttpServer()).get('/docs-json');
      expect(res.status).toBe(200);
      const routes = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      );
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /api/v1/units',
          'POST /api/v1/positions',
          'PATCH /api/v1/positions/{id}',
          'POST /api/v1/positions/{id}/abolish',
          'POST /api/v1/employees',
          'POST /api/v1/employees/{nip}/promotions',
          'POST /api/v1/employees/{nip}/absences',
          'POST /api/v1/employees/{nip}/separation',
          'POST /api/v1/decrees',
          'POST /api/v1/employees/{nip}/appoint',
          'POST /api/v1/employees/{nip}/reassign',
          'POST /api/v1/employees/{nip}/acting',
          'POST /api/v1/employees/{nip}/redeploy',
          'POST /api/v1/decrees/{id}/annul',
          'GET /api/v1/decrees/{id}',
          'POST /api/v1/employees/{nip}/trainings',
          'PUT /api/v1/employees/{nip}/work-arrangement',
        ]),
      );
      expect(res.body.components.schemas).toHaveProperty('Problem');
      expect(res.body.components.schemas).toHaveProperty('IssueDecreeRequestDto');
    });
  });
});
