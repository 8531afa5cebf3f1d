import { createHmac, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aUnit, bearer, DEV_JWT_SECRET } from '@asn/testing';
import { EVENT_STORE, EventStore } from '@asn/event-store';
import { createApp } from '../../apps/api/src/bootstrap';
import { call, SecuredApi, startSecuredApi } from './support/api';
import { KeyServer, startKeyServer } from './support/key-server';

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('RS256 through JWT_JWKS_URL (a local key server with jose keys)', () => {
  let keys: KeyServer;
  let api: SecuredApi;
  beforeAll(async () => {
    keys = await startKeyServer();
    api = await startSecuredApi({ env: { NODE_ENV: 'production', JWT_JWKS_URL: keys.jwksUrl } });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await keys?.stop();
  });

  const token = (claims: Record<string, unknown>, options?: Parameters<KeyServer['sign']>[1]) =>
    keys.sign({ sub: 'kc-officer', roles: ['hr-admin'], iat: now(), exp: now() + 300, ...claims }, options);
  const post = async (
    auth: string,
    body: object = aUnit({ id: `u-${Math.random().toString(36).slice(2, 8)}` }),
  ) => api.http.post('/api/v1/units').set('Authorization', auth).send(body);

  it('accepts a token signed by the provider and records its sub as the actor', async () => {
    const res = await post(`Bearer ${await token({ sub: 'nip-197001011995031001' })}`);
    expect(res.status).toBe(201);
    const [event] = await api.app
      .get<symbol, EventStore>(EVENT_STORE)
      .readAll({ after: String(BigInt(res.body.position) - 1n) });
    expect(event.metadata.actor).toBe('nip-197001011995031001');
  });

  it('applies the roles of RS256 tokens like any other (viewer: 403 on commands, 200 on queries)', async () => {
    const viewer = `Bearer ${await token({ roles: ['viewer'] })}`;
    expect((await post(viewer)).status).toBe(403);
    expect((await call(api, 'GET', '/api/v1/dashboard/summary', viewer)).status).toBe(200);
    expect((await call(api, 'GET', '/api/v1/audit/verify', viewer)).status).toBe(403);
  });

  it('refuses a token signed by a key outside the JWKS, even with the trusted kid', async () => {
    const head = await api.head();
    expect((await post(`Bearer ${await token({}, { key: 'rogue' })}`)).status).toBe(401);
    expect((await post(`Bearer ${await token({}, { key: 'rogue', kid: 'k9' })}`)).status).toBe(401);
    expect(await api.head()).toBe(head);
  });

  it('refuses HS256 tokens once a key source is configured: the dev secret, and the public key used as a secret', async () => {
    expect((await post(bearer('hr-admin'))).status).toBe(401);
    const jwks = (await (await fetch(keys.jwksUrl)).json()) as { keys: object[] };
    const pem = createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const unsigned = `${b64({ alg: 'HS256', kid: 'k1' })}.${b64({ sub: 'eve', roles: ['hr-admin'], exp: now() + 60 })}`;
    const confused = `${unsigned}.${createHmac('sha256', pem).update(unsigned).digest('base64url')}`;
    expect((await post(`Bearer ${confused}`)).status).toBe(401);
    const none = `${b64({ alg: 'none', kid: 'k1' })}.${b64({ sub: 'eve', roles: ['hr-admin'], exp: now() + 60 })}.`;
    expect((await post(`Bearer ${none}`)).status).toBe(401);
  });

  it('applies expiry with the 30 s clock-skew leeway to RS256 tokens too', async () => {
    expect((await post(`Bearer ${await token({ exp: now() - 10 })}`)).status).toBe(201);
    expect((await post(`Bearer ${await token({ exp: now() - 60 })}`)).status).toBe(401);
    expect((await post(`Bearer ${await token({ nbf: now() + 10 })}`)).status).toBe(201);
    expect((await post(`Bearer ${await token({ nbf: now() + 300 })}`)).status).toBe(401);
  });

  it('fetches the JWKS once and serves later tokens from it, not once per request', async () => {
    const before = await keys.jwksFetches();
    for (let i = 0; i < 5; i++)
      expect((await post(`Bearer ${await token({ jti: `t${i}` })}`)).status).toBe(201);
    expect(await keys.jwksFetches()).toBe(before);
    expect(before).toBeGreaterThanOrEqual(1);
  });

  it('answers 401, never 5xx, when the JWKS URL does not answer', async () => {
    const signed = await token({});
    const dead = await startSecuredApi({
      env: { NODE_ENV: 'production', JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' },
    });
    try {
      const res = await dead.http
        .post('/api/v1/units')
        .set('Authorization', `Bearer ${signed}`)
        .send(aUnit());
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    } finally {
      await dead.close();
    }
  });
});

/** The start-up error, or "started" (and the app closed again) when the api came up. */
async function startup(env: Record<string, string>): Promise<string> {
  try {
    const dir = mkdtempSync(join(tmpdir(), 'asn-startup-'));
    try {
      const app = await createApp({ logger: false, env: { DATA_DIR: dir, ...env } });
      await app.close();
      return 'started';
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (error) {
    return (error as Error).message;
  }
}

describe('start-up refusals in production', () => {
  it('refuses to start without JWT_SECRET or JWT_JWKS_URL', async () => {
    expect(await startup({ NODE_ENV: 'production', JWT_SECRET: '', JWT_JWKS_URL: '' })).toMatch(
      /JWT_SECRET or JWT_JWKS_URL is required when NODE_ENV=production/,
    );
  });

  it('refuses to start in production with the published development secret as JWT_SECRET', async () => {
    expect(await startup({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET, JWT_JWKS_URL: '' })).toMatch(
      /JWT_SECRET/,
    );
  });
});
