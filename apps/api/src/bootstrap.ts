import 'reflect-metadata';
import { Logger, LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventStore } from '@asn/event-store';
import { AppModule } from './app.module';
import { AppConfig, loadConfig } from './config/app-config';
import { JSON_LOGGER } from './observability/http-observability';
import { JsonNestLogger, logLevel } from './observability/logger';
import { ObservabilityModule } from './observability/observability.module';
import { setupOpenApi } from './openapi';
import { describeStore } from './store/event-store.module';
import { createValidationPipe } from './validation/validation.pipe';
import type { Clock } from './write/clock';

export const API_PREFIX = 'api/v1';

export interface CreateAppOptions {
  /** Environment variables, laid over `process.env` (e.g. `{ DATA_DIR: tmp, INSTANSI: '3374' }`). */
  env?: Record<string, string | undefined>;
  /** A ready configuration instead of `env` (skips loading). */
  config?: AppConfig;
  /** Use this adapter (e.g. `new MemoryEventStore()`); it is wrapped in the hash chain like the configured one. */
  eventStore?: EventStore;
  /** The clock the domain decides with (today's date). */
  clock?: Clock;
  /** Nest log levels; default errors and warnings in tests, plus start-up lines otherwise. */
  logger?: LogLevel[] | false;
  /** Serve OpenAPI at /docs and /docs-json (default true). */
  openApi?: boolean;
}

/**
 * Builds the api: Fastify, global prefix /api/v1 (health and /metrics outside it), validation,
 * problem+json errors, auth guard, logs and metrics (ObservabilityModule), OpenAPI. Returns it initialised and ready, so tests can `request(app.getHttpServer())` at once.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const env = { ...process.env, ...options.env };
  const config = options.config ?? loadConfig(env);
  const logger =
    options.logger ??
    (config.NODE_ENV === 'test'
      ? (['error', 'warn'] as LogLevel[])
      : (['log', 'error', 'warn'] as LogLevel[]));
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT,
    routerOptions: { maxParamLength: 1024 },
  });
  @Module({
    imports: [
      AppModule.forRoot(config, { eventStore: options.eventStore, clock: options.clock }),
      ObservabilityModule.forRoot({ level: logLevel({ ...env, NODE_ENV: config.NODE_ENV }) }),
    ],
  })
  class ApiModule {}
  const pinoLogs = options.logger === undefined && config.NODE_ENV !== 'test';
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, adapter, {
    logger,
    bufferLogs: pinoLogs,
    abortOnError: false,
  });
  // Nest's own lines as JSON lines of the same log as the requests, outside tests.
  if (pinoLogs) app.useLogger(new JsonNestLogger(app.get(JSON_LOGGER)));
  const log = new Logger('Bootstrap');
  if (config.usesDevSecret && config.NODE_ENV !== 'test') {
    log.warn('JWT_SECRET is not set: using the fixed development secret (mint tokens with `npm run token`)');
  }
  log.log(describeStore(config, options.eventStore));
  const keys = [
    config.JWT_JWKS_URL && `RS256 with the keys at ${config.JWT_JWKS_URL}`,
    config.jwtSecret &&
      (config.usesDevSecret ? 'HS256 with the development secret' : 'HS256 with JWT_SECRET'),
  ].filter(Boolean);
  log.log(`auth: ${keys.join(' and ')}`);

  const fastify = app.getHttpAdapter().getInstance();
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (options.openApi !== false) setupOpenApi(app, config.NODE_ENV === 'test');
  await app.init();
  await fastify.ready();
  return app;
}
