import { DEV_JWT_SECRET, signHs256, tokenFor } from '@asn/testing';
import { loadConfig } from '../config/app-config';
import { JwtVerifier } from './jwt-verifier';

describe('JwtVerifier (HS256)', () => {
  const verifier = new JwtVerifier(loadConfig({ NODE_ENV: 'test' }));
  const now = () => Math.floor(Date.now() / 1000);

  it('reads sub and the known roles of a valid token', async () => {
    const token = signHs256(
      { sub: 'alice', roles: ['hr-admin', 'janitor'], exp: now() + 60 },
      DEV_JWT_SECRET,
    );
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'alice', roles: ['hr-admin'] });
  });

  it.each([
    ['expired', tokenFor('viewer', { iat: now() - 3600, ttl: 60 }), /expired/],
    ['forged', tokenFor('viewer', { secret: 'x'.repeat(40) }), /signature/],
    ['without sub', signHs256({ roles: ['viewer'], exp: now() + 60 }, DEV_JWT_SECRET), /sub/],
    ['not yet valid', signHs256({ sub: 'a', nbf: now() + 3600 }, DEV_JWT_SECRET), /not valid yet/],
    ['not a JWT', 'abc.def', /not a JWT/],
  ])('refuses a token %s (401)', async (_, token, message) => {
    await expect(verifier.verify(token)).rejects.toMatchObject({
      problem: { status: 401, detail: expect.stringMatching(message) },
    });
  });

  it('refuses alg none and RS256 when no JWKS is configured', async () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const none = `${b64({ alg: 'none' })}.${b64({ sub: 'a', roles: ['hr-admin'] })}.`;
    await expect(verifier.verify(none)).rejects.toMatchObject({ problem: { status: 401 } });
    const rs = `${b64({ alg: 'RS256' })}.${b64({ sub: 'a', roles: ['hr-admin'] })}.c2ln`;
    await expect(verifier.verify(rs)).rejects.toMatchObject({ problem: { status: 401 } });
  });
});
