import { createHmac, createPublicKey, JsonWebKey, KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ProblemException } from '../errors/problem';
import { Principal } from './principal';
import { ROLES, Role } from './roles.decorator';

// jose 6 is ESM-only and cannot load under Jest 30 (CommonJS) on Node 20, so HS256/RS256 are verified with
// node:crypto here: the same checks (alg pinned per key source, signature, exp/nbf with 30 s leeway).

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

const LEEWAY_SECONDS = 30;
const CACHE_LIMIT = 10_000;
const JWKS_COOLDOWN_MS = 30_000;

const unauthenticated = (detail: string) => new ProblemException('UNAUTHENTICATED', detail);

/** Verifies bearer tokens: HS256 with JWT_SECRET (or the dev secret), RS256 with the keys at JWT_JWKS_URL. */
@Injectable()
export class JwtVerifier {
  private readonly logger = new Logger('Auth');
  /** Verified tokens, so a client that reuses its token costs one map lookup. */
  private readonly cache = new Map<string, { principal: Principal; exp: number }>();
  private readonly secret?: Buffer;
  private jwks = new Map<string, KeyObject>();
  private jwksFetchedAt = 0;
  private jwksLoading?: Promise<void>;

  constructor(private readonly config: AppConfig) {
    const secret = config.jwtSecret;
    this.secret = secret ? Buffer.from(secret) : undefined;
  }

  async verify(token: string): Promise<Principal> {
    const now = Math.floor(Date.now() / 1000);
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.exp + LEEWAY_SECONDS > now) return hit.principal;
      this.cache.delete(token);
      throw unauthenticated('the token has expired');
    }
    const parts = token.split('.');
    if (parts.length !== 3) throw unauthenticated('the bearer token is not a JWT');
    const [h, p, s] = parts;
    let header: { alg?: string; kid?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw unauthenticated('the bearer token is not a JWT');
    }
    const signature = Buffer.from(s, 'base64url');
    const signed = Buffer.from(`${h}.${p}`);
    if (header.alg === 'HS256' && this.secret) {
      const expected = createHmac('sha256', this.secret).update(signed).digest();
      if (expected.length !== signature.length || !timingSafeEqual(expected, signature)) {
        throw unauthenticated('the token signature is invalid');
      }
    } else if (header.alg === 'RS256' && this.config.JWT_JWKS_URL) {
      const key = await this.keyFor(header.kid);
      if (!verify('RSA-SHA256', signed, key, signature))
        throw unauthenticated('the token signature is invalid');
    } else {
      throw unauthenticated(`tokens signed with ${String(header.alg)} are not accepted here`);
    }
    const principal = this.checkClaims(claims, now);
    const exp = typeof claims.exp === 'number' ? claims.exp : Number.MAX_SAFE_INTEGER;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(token, { principal, exp });
    return principal;
  }

  private checkClaims(claims: Record<string, unknown>, now: number): Principal {
    if (claims.exp !== undefined && (typeof claims.exp !== 'number' || claims.exp + LEEWAY_SECONDS <= now)) {
      throw unauthenticated('the token has expired');
    }
    if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf - LEEWAY_SECONDS > now)) {
      throw unauthenticated('the token is not valid yet');
    }
    if (typeof claims.sub !== 'string' || claims.sub === '')
      throw unauthenticated('the token has no sub claim');
    const raw = claims.roles ?? (claims.realm_access as { roles?: unknown } | undefined)?.roles;
    const roles = Array.isArray(raw)
      ? raw.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r))
      : [];
    return { sub: claims.sub, roles };
  }

  private async keyFor(kid: string | undefined): Promise<KeyObject> {
    let key = this.pick(kid);
    if (!key && Date.now() - this.jwksFetchedAt > JWKS_COOLDOWN_MS) {
      await this.loadJwks();
      key = this.pick(kid);
    }
    if (!key) throw unauthenticated(`no signing key ${kid ?? '(without kid)'} at JWT_JWKS_URL`);
    return key;
  }

  private pick(kid: string | undefined): KeyObject | undefined {
    if (kid) return this.jwks.get(kid);
    return this.jwks.size === 1 ? [...this.jwks.values()][0] : undefined;
  }

  private loadJwks(): Promise<void> {
    this.jwksLoading ??= (async () => {
      try {
        const response = await fetch(this.config.JWT_JWKS_URL as string, {
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { keys?: Jwk[] };
        const keys = new Map<string, KeyObject>();
        for (const jwk of body.keys ?? []) {
          if (jwk.kty !== 'RSA' || (jwk.use && jwk.use !== 'sig')) continue;
          keys.set(jwk.kid ?? `#${keys.size}`, createPublicKey({ key: jwk, format: 'jwk' }));
        }
        this.jwks = keys;
      } catch (error) {
        this.logger.warn(`cannot load JWKS from JWT_JWKS_URL: ${(error as Error).message}`);
      } finally {
        this.jwksFetchedAt = Date.now();
        this.jwksLoading = undefined;
      }
    })();
    return this.jwksLoading;
  }
}
