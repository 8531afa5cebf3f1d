import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { EVENT_STORE, EventStore } from '@asn/event-store';
import { createApp, CreateAppOptions } from '../../../apps/api/src/bootstrap';

export interface SecuredApi {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  head(): Promise<string>;
  close(): Promise<void>;
}

/** The api exactly as createApp builds it (every route group), on SQLite in a fresh DATA_DIR. */
export async function startSecuredApi(options: CreateAppOptions = {}): Promise<SecuredApi> {
  const dir = mkdtempSync(join(tmpdir(), 'asn-security-'));
  const app = await createApp({
    logger: false,
    ...options,
    env: { NODE_ENV: 'test', DATA_DIR: dir, JWT_SECRET: '', JWT_JWKS_URL: '', ...options.env },
  });
  return {
    app,
    http: request(app.getHttpServer()),
    head: () => app.get<symbol, EventStore>(EVENT_STORE).headPosition(),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends `method path` with an Authorization header (or none); commands get an empty JSON body. */
export function call(api: SecuredApi, method: string, path: string, authorization?: string): request.Test {
  const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch';
  let test = api.http[m](path);
  if (authorization !== undefined) test = test.set('Authorization', authorization);
  return m === 'get' ? test : test.send({});
}

/**
 * GET /events/live is an endless stream: open it on a listening server, take the status and content type,
 * and hang up.
 */
export async function openLive(
  api: SecuredApi,
  authorization?: string,
): Promise<{ status: number; contentType: string | null; body?: unknown }> {
  const server = api.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events/live`, {
      headers: authorization ? { authorization } : {},
      signal: controller.signal,
    });
    const contentType = res.headers.get('content-type');
    const body = contentType?.includes('json') ? await res.json() : undefined;
    return { status: res.status, contentType, body };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
