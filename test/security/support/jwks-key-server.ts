/**
 * A stand-in OIDC provider for the RS256 tests (run as a child process: jose 6 is ESM-only and Jest cannot
 * load it). Keys come from jose.generateKeyPair('RS256'); the JWKS is served on 127.0.0.1 by http.createServer.
 *   GET  /jwks  -> { keys: [the trusted public key, kid "k1"] }
 *   POST /sign  { claims, key?: 'trusted' | 'rogue', kid?: string | null } -> a compact RS256 JWT
 *   GET  /stats -> { jwksFetches }
 * Prints `{"port": N}` on stdout once it listens.
 */
import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as jose from 'jose';

async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function main(): Promise<void> {
  const trusted = await jose.generateKeyPair('RS256', { extractable: true });
  const rogue = await jose.generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await jose.exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let jwksFetches = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(typeof value === 'string' ? value : JSON.stringify(value));
      };
      if (request.method === 'GET' && request.url === '/jwks') {
        jwksFetches += 1;
        return json(200, { keys: [publicJwk] });
      }
      if (request.method === 'GET' && request.url === '/stats') return json(200, { jwksFetches });
      if (request.method === 'POST' && request.url === '/sign') {
        const { claims, key, kid } = (await body(request)) as {
          claims: jose.JWTPayload;
          key?: 'trusted' | 'rogue';
          kid?: string | null;
        };
        const header: jose.JWTHeaderParameters = { alg: 'RS256', typ: 'JWT' };
        if (kid !== null) header.kid = kid ?? 'k1';
        const pair = key === 'rogue' ? rogue : trusted;
        return json(
          200,
          JSON.stringify(await new jose.SignJWT(claims).setProtectedHeader(header).sign(pair.privateKey)),
        );
      }
      json(404, { error: 'not found' });
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  // The test owns this process: stop with it.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
