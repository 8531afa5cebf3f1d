import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GracefulShutdown } from './graceful-shutdown';
import { CommandRouteGuard, HttpObservability, JSON_LOGGER } from './http-observability';
import { createJsonLogger, LoggingOptions } from './logger';
import { Metrics } from './metrics';
import { MetricsRoute } from './metrics.route';
import { Readiness } from './readiness';

export type ObservabilityOptions = LoggingOptions;

/**
 * Logs, metrics, readiness and graceful shutdown (API.md, "Operations"):
 * - JSON request logs (pino) with the correlation id of `X-Correlation-Id` (or a new one), echoed in the
 *   response and recorded in event metadata (HttpObservability); `JSON_LOGGER` is the pino logger, which
 *   createApp also gives Nest (JsonNestLogger) so that its own lines are JSON too.
 * - GET /metrics: command counts and latency by type and outcome, projection lag and checkpoint, process.
 * - `Readiness`: the check behind GET /health/ready (event store, read store, projection lag).
 * - `GracefulShutdown`: finishes the commands in flight before the server and the store close.
 * Needs the global EVENT_STORE and AppConfig of AppModule.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions = {}): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [
        { provide: JSON_LOGGER, useValue: createJsonLogger(options) },
        Metrics,
        Readiness,
        MetricsRoute,
        GracefulShutdown,
        HttpObservability,
        { provide: APP_GUARD, useClass: CommandRouteGuard },
      ],
      exports: [Metrics, Readiness, JSON_LOGGER],
    };
  }
}
