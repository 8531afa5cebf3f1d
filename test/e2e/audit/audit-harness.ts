import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { bearer, Role } from '@asn/testing';
import { AppModule } from '../../../apps/api/src/app.module';
import { AuditModule } from '../../../apps/api/src/audit/audit.module';
import { API_PREFIX } from '../../../apps/api/src/bootstrap';
import { loadConfig } from '../../../apps/api/src/config/app-config';
import { setupOpenApi } from '../../../apps/api/src/openapi';
import { createValidationPipe } from '../../../apps/api/src/validation/validation.pipe';

/** AppModule plus AuditModule, until AppModule imports it (importing it twice is harmless: Nest dedupes). */
@Module({})
class AuditTestRoot {
  static forRoot(dataDir: string): DynamicModule {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, INSTANSI: '3374' });
    return { module: AuditTestRoot, imports: [AppModule.forRoot(config), AuditModule] };
  }
}

export interface AuditApi {
  app: NestFastifyApplication;
  dataDir: string;
  /** POST a JSON body as the hr-admin `officer-1`. */
  command(path: string, body: unknown): request.Test;
  get(path: string, role?: Role): request.Test;
  /** GET a path outside /api/v1 (e.g. /docs-json). */
  raw(path: string): request.Test;
  close(): Promise<void>;
}

/** The api (as createApp builds it) with the audit endpoints, on SQLite in a fresh DATA_DIR. */
export async function startAuditApi(): Promise<AuditApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'asn-audit-e2e-'));
  const app = await NestFactory.create<NestFastifyApplication>(
    AuditTestRoot.forRoot(dataDir),
    new FastifyAdapter(),
    {
      logger: ['error', 'warn'],
      abortOnError: false,
    },
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const admin = bearer('hr-admin', { sub: 'officer-1' });
  return {
    app,
    dataDir,
    command: (path, body) =>
      request(server)
        .post(`/api/v1${path}`)
        .set('Authorization', admin)
        .send(body as object),
    get: (path, role = 'auditor') =>
      request(server)
        .get(`/api/v1${path}`)
        .set('Authorization', bearer(role, { sub: 'inspektorat-1' })),
    raw: (path) => request(server).get(path),
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Asserts a 201 and returns the body. */
export async function accepted(test: request.Test): Promise<{ position: string; decreeId?: string }> {
  const res = await test;
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
