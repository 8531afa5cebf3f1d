import { createHmac } from 'node:crypto';

/** The HS256 secret the api uses outside production when JWT_SECRET is unset (never valid in production). */
export const DEV_JWT_SECRET = 'asn-workforce-engine-development-secret-do-not-use-in-production';

export type Role = 'hr-admin' | 'auditor' | 'viewer';

export interface TokenOptions {
  sub?: string;
  /** Lifetime in seconds, or a duration such as `8h`, `30m`, `7d`. Default 8 hours. */
  ttl?: number | string;
  secret?: string;
  /** Issued-at override (seconds since epoch), e.g. to mint an expired token. */
  iat?: number;
  extraClaims?: Record<string, unknown>;
}

const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

/** Parses `90`, `90s`, `30m`, `8h`, `7d` into seconds. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!m) throw new Error(`duration "${value}" is not understood; use e.g. 90s, 30m, 8h or 7d`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** Signs a compact HS256 JWT with `claims` (adds iat/exp). */
export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** A development/test token with `roles` and `sub`, signed with the dev secret unless told otherwise. */
export function tokenFor(roles: Role | Role[] | string[], options: TokenOptions = {}): string {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const ttl = parseDuration(options.ttl ?? '8h');
  return signHs256(
    {
      sub: options.sub ?? 'test-officer',
      roles: Array.isArray(roles) ? roles : [roles],
      iat,
      exp: iat + ttl,
      ...options.extraClaims,
    },
    options.secret ?? DEV_JWT_SECRET,
  );
}

/** `Bearer <token>` for an Authorization header. */
export const bearer = (roles: Role | Role[] | string[], options: TokenOptions = {}): string =>
  `Bearer ${tokenFor(roles, options)}`;
