import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { bearer, type Role } from '@asn/testing';
import { AppModule } from '../../../apps/api/src/app.module';
import { API_PREFIX } from '../../../apps/api/src/bootstrap';
import { loadConfig } from '../../../apps/api/src/config/app-config';
import { QueriesModule } from '../../../apps/api/src/queries/queries.module';
import { ReadSide } from '../../../apps/api/src/queries/read-side';
import { createValidationPipe } from '../../../apps/api/src/validation/validation.pipe';

export interface QueryApi {
  app: NestFastifyApplication;
  readSide: ReadSide;
  send(method: 'post' | 'put' | 'patch', path: string, body: unknown): request.Test;
  get(path: string, role?: Role, headers?: Record<string, string>): request.Test;
  close(): Promise<void>;
}

/**
 * The api with the QueriesModule (imported here too, so the suite runs whether or not AppModule imports it
 * yet), on a fresh embedded SQLite store; `env` may select Redis (REDIS_URL, PROJECTOR_MODE).
 */
export async function startQueryApi(
  env: Record<string, string> = {},
  today = '2025-06-02',
): Promise<QueryApi> {
  const dir = mkdtempSync(join(tmpdir(), 'asn-queries-'));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dir, ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, { clock: () => new Date(`${today}T03:00:00Z`) }), QueriesModule],
  })
    .setLogger(false as never)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: false,
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  process.env = saved;
  const server = app.getHttpServer();
  const admin = bearer('hr-admin', { sub: 'officer-1' });
  return {
    app,
    readSide: app.get(ReadSide),
    send: (method, path, body) => {
      const http = request(server);
      return http[method](`/${API_PREFIX}${path}`)
        .set('Authorization', admin)
        .send(body as object);
    },
    get: (path, role = 'viewer', headers = {}) =>
      request(server).get(`/${API_PREFIX}${path}`).set('Authorization', bearer(role)).set(headers),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
