import request from 'supertest';
import { bearer, DEV_JWT_SECRET, signHs256, tokenFor, type Role } from '@asn/testing';
import { requests, ROUTES } from './routes';
import { call, openLive, SecuredApi, startSecuredApi } from './support/api';

const ROLES: Role[] = ['viewer', 'hr-admin', 'auditor'];
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that must never get in: each gives 401 on every protected route. */
const BAD_TOKENS: [string, () => string][] = [
  ['no Authorization header', () => ''],
  ['a Basic credential', () => 'Basic aHItYWRtaW46aHItYWRtaW4='],
  ['a bearer that is not a JWT', () => 'Bearer not-a-jwt'],
  ['an expired token', () => bearer('hr-admin', { iat: now() - 3600, ttl: 60 })],
  ['a token signed with another secret', () => bearer('hr-admin', { secret: 'x'.repeat(40) })],
  [
    'an unsigned token (alg none)',
    () =>
      `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'eve', roles: ['hr-admin'], exp: now() + 60 })}.`,
  ],
  [
    'a token without sub',
    () => `Bearer ${signHs256({ roles: ['hr-admin', 'auditor'], exp: now() + 60 }, DEV_JWT_SECRET)}`,
  ],
  [
    'a token with a tampered payload',
    () => {
      const [h, , s] = tokenFor('viewer').split('.');
      return `Bearer ${h}.${b64({ sub: 'eve', roles: ['hr-admin', 'auditor'], exp: now() + 600 })}.${s}`;
    },
  ],
];

/** Valid tokens whose roles grant nothing: 403 on every route that needs a role. */
const ROLELESS: [string, () => string][] = [
  ['no roles', () => bearer([])],
  ['an unknown role', () => bearer(['admin', 'root'])],
  [
    'roles as a string, not a list',
    () => `Bearer ${signHs256({ sub: 'x', roles: 'hr-admin', exp: now() + 60 }, DEV_JWT_SECRET)}`,
  ],
];

describe('access control: every route group against the roles of API.md', () => {
  let api: SecuredApi;
  beforeAll(async () => {
    api = await startSecuredApi();
  });
  afterAll(() => api.close());

  const send = async (method: string, path: string, authorization?: string) =>
    path.endsWith('/events/live') ? openLive(api, authorization) : call(api, method, path, authorization);

  it('lists every /api/v1 route of the OpenAPI document in the access table (no route without a decision)', async () => {
    const res = await request(api.app.getHttpServer()).get('/docs-json');
    expect(res.status).toBe(200);
    const served = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const table = new Set(ROUTES.map((r) => `${r.method} ${r.template}`));
    expect(served.filter((route) => route.includes('/api/v1/') && !table.has(route))).toEqual([]);
    expect(
      ROUTES.filter((r) => r.template.startsWith('/api/') && !served.includes(`${r.method} ${r.template}`)),
    ).toEqual([]);
  });

  it('answers 401 UNAUTHENTICATED (problem+json) on every protected route for missing, forged, expired or unsigned tokens', async () => {
    const head = await api.head();
    const wrong: string[] = [];
    let checked = 0;
    for (const { rule, path } of requests()) {
      if (rule.allowed === 'public') continue;
      for (const [name, token] of BAD_TOKENS) {
        const auth = token();
        const res = await send(rule.method, path, auth === '' ? undefined : auth);
        checked += 1;
        const code = 'body' in res && res.body ? (res.body as { code?: string }).code : undefined;
        if (res.status !== 401 || code !== 'UNAUTHENTICATED')
          wrong.push(`${rule.method} ${path} with ${name}: ${res.status} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await api.head()).toBe(head);
    process.stdout.write(`access control: ${checked} unauthenticated requests refused with 401\n`);
  });

  it('answers 403 FORBIDDEN on every route to each role API.md does not allow there, and to roleless tokens', async () => {
    const head = await api.head();
    const wrong: string[] = [];
    let checked = 0;
    for (const { rule, path } of requests()) {
      if (rule.allowed === 'public') continue;
      const denied: [string, string][] = [
        ...ROLES.filter((role) => !(rule.allowed as Role[]).includes(role)).map((role): [string, string] => [
          role,
          bearer(role),
        ]),
        ...ROLELESS.map(([name, token]): [string, string] => [name, token()]),
      ];
      for (const [who, auth] of denied) {
        const res = await send(rule.method, path, auth);
        checked += 1;
        const code = 'body' in res && res.body ? (res.body as { code?: string }).code : undefined;
        if (res.status !== 403 || code !== 'FORBIDDEN')
          wrong.push(`${rule.method} ${path} as ${who}: ${res.status} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await api.head()).toBe(head);
    process.stdout.write(`access control: ${checked} requests with the wrong role refused with 403\n`);
  });

  it('lets each role through on exactly its routes (past the guard: never 401/403, never 5xx)', async () => {
    const wrong: string[] = [];
    for (const { rule, path } of requests()) {
      const callers: [string, string | undefined][] =
        rule.allowed === 'public'
          ? [['anonymous', undefined]]
          : rule.allowed.map((role): [string, string] => [role, bearer(role)]);
      for (const [who, auth] of callers) {
        const res = await send(rule.method, path, auth);
        if (
          [401, 403].includes(res.status) ||
          res.status >= 500 ||
          (res.status === 404 && rule.allowed === 'public')
        ) {
          wrong.push(`${rule.method} ${path} as ${who}: ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets a token holding several roles use each of them (hr-admin + auditor reads the audit log and commands)', async () => {
    const both = bearer(['hr-admin', 'auditor']);
    expect((await call(api, 'GET', '/api/v1/audit/verify', both)).status).toBe(200);
    expect((await call(api, 'POST', '/api/v1/units', both)).status).toBe(400);
  });

  it('accepts Keycloak-style realm_access.roles', async () => {
    const token = signHs256(
      { sub: 'kc', realm_access: { roles: ['auditor'] }, exp: now() + 60 },
      DEV_JWT_SECRET,
    );
    expect((await call(api, 'GET', '/api/v1/audit/verify', `Bearer ${token}`)).status).toBe(200);
    expect((await call(api, 'POST', '/api/v1/units', `Bearer ${token}`)).status).toBe(403);
  });

  describe('token expiry and clock skew (30 s leeway)', () => {
    const hs = (claims: Record<string, unknown>) =>
      `Bearer ${signHs256({ sub: 'skew', roles: ['viewer'], ...claims }, DEV_JWT_SECRET)}`;
    const status = async (auth: string) => (await call(api, 'GET', '/api/v1/dashboard/summary', auth)).status;

    it('accepts a token that expired less than the leeway ago, and one not yet valid by less than it', async () => {
      expect(await status(hs({ exp: now() - 10 }))).toBe(200);
      expect(await status(hs({ nbf: now() + 10, exp: now() + 600 }))).toBe(200);
    });

    it('refuses a token expired beyond the leeway, or not valid for minutes yet', async () => {
      expect(await status(hs({ exp: now() - 45 }))).toBe(401);
      expect(await status(hs({ nbf: now() + 120, exp: now() + 600 }))).toBe(401);
      expect(await status(hs({ exp: 'tomorrow' }))).toBe(401);
    });

    it('stops accepting a token once it expires, even after it was accepted (and cached)', async () => {
      const auth = hs({ exp: now() - 28 });
      expect(await status(auth)).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await status(auth)).toBe(401);
    });
  });
});
