import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { bearer, Role } from '@asn/testing';
import { createApp, CreateAppOptions } from '../../../apps/api/src/bootstrap';

export interface Api {
  app: NestFastifyApplication;
  dataDir: string;
  http: ReturnType<typeof request>;
  /** POST/PUT/PATCH a JSON body as an officer with `role` (hr-admin by default). */
  send(
    method: 'post' | 'put' | 'patch',
    path: string,
    body: unknown,
    options?: { role?: Role | null; headers?: Record<string, string> },
  ): request.Test;
  get(path: string, role?: Role): request.Test;
  close(): Promise<void>;
}

/** The api on the embedded SQLite store in a fresh temporary DATA_DIR. */
export async function startApi(options: CreateAppOptions = {}, dataDir?: string): Promise<Api> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'asn-e2e-'));
  const app = await createApp({ ...options, env: { NODE_ENV: 'test', DATA_DIR: dir, ...options.env } });
  const server = app.getHttpServer();
  const http = request(server);
  const admin = bearer('hr-admin', { sub: 'officer-1' });
  return {
    app,
    dataDir: dir,
    http,
    send(method, path, body, { role = 'hr-admin', headers = {} } = {}) {
      let test = request(server)[method](`/api/v1${path}`).set(headers);
      if (role) test = test.set('Authorization', role === 'hr-admin' ? admin : bearer(role));
      return test.send(body as object);
    },
    get(path, role = 'viewer') {
      return request(server).get(`/api/v1${path}`).set('Authorization', bearer(role));
    },
    async close() {
      await app.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts a problem+json answer with `status` and `code` (and, if given, a violation naming `field` or `rule`). */
export function expectProblem(
  res: request.Response,
  status: number,
  code: string,
  detail: { field?: string; rule?: string; line?: number } = {},
): void {
  const context = `${res.status} ${JSON.stringify(res.body)}`;
  expect({ status: res.status, code: res.body.code, context }).toEqual({ status, code, context });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  if (detail.field !== undefined) {
    expect(res.body.violations?.map((v: { field?: string }) => v.field)).toContain(detail.field);
  }
  if (detail.rule !== undefined) {
    const match = (res.body.violations ?? []).filter(
      (v: { code: string; line?: number }) =>
        v.code === detail.rule && (detail.line === undefined || v.line === detail.line),
    );
    expect({ rule: detail.rule, line: detail.line, found: match.length > 0, context }).toEqual({
      rule: detail.rule,
      line: detail.line,
      found: true,
      context,
    });
  }
}

/** Asserts a 201 command response. */
export function expectAccepted(res: request.Response, types: string[]): void {
  const context = `${res.status} ${JSON.stringify(res.body)}`;
  expect({ status: res.status, context }).toEqual({ status: 201, context });
  expect(res.body).toMatchObject({
    commandId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    position: expect.stringMatching(/^\d+/),
    warnings: expect.any(Array),
  });
  expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(types);
  for (const event of res.body.events) {
    expect(event).toEqual({
      id: expect.any(String),
      type: expect.any(String),
      stream: expect.any(String),
      revision: expect.any(Number),
    });
  }
}

/**
 * Sends the same command twice with one Idempotency-Key (the retry gets the first answer, nothing new is
 * written), then the key with another body (409 IDEMPOTENCY_MISMATCH). Returns the first answer.
 */
export async function expectIdempotent(
  api: Api,
  method: 'post' | 'put' | 'patch',
  path: string,
  body: Record<string, unknown>,
  otherBody: Record<string, unknown>,
): Promise<request.Response> {
  const key = `key-${Math.random().toString(36).slice(2)}`;
  const headers = { 'Idempotency-Key': key };
  const first = await api.send(method, path, body, { headers });
  const head = await headPosition(api);
  const retry = await api.send(method, path, body, { headers });
  expect({ status: retry.status, body: retry.body }).toEqual({ status: first.status, body: first.body });
  expect(await headPosition(api)).toBe(head);
  expectProblem(await api.send(method, path, otherBody, { headers }), 409, 'IDEMPOTENCY_MISMATCH');
  return first;
}

export async function headPosition(api: Api): Promise<string> {
  const { EVENT_STORE } = await import('@asn/event-store');
  return api.app.get<symbol, { headPosition(): Promise<string> }>(EVENT_STORE).headPosition();
}
