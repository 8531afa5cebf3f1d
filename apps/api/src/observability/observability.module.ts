import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { CommandMetricsInterceptor } from './command-metrics.interceptor';
import { GracefulShutdown } from './graceful-shutdown';
import { httpLoggerOptions, LoggingOptions } from './logger';
import { Metrics } from './metrics';
import { MetricsRoute } from './metrics.route';
import { Readiness } from './readiness';

export type ObservabilityOptions = LoggingOptions;

/**
 * Logs, metrics, readiness and graceful shutdown (API.md, "Operations"):
 * - JSON request logs (pino) with the correlation id of `X-Correlation-Id` (or a new one), echoed in the
 *   response and recorded in event metadata; `app.useLogger(app.get(Logger))` (nestjs-pino) makes Nest's
 *   own log lines JSON too, carrying the request's correlation id.
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
      imports: [
        LoggerModule.forRoot({
          pinoHttp: httpLoggerOptions(options),
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
      providers: [
        Metrics,
        Readiness,
        MetricsRoute,
        GracefulShutdown,
        { provide: APP_INTERCEPTOR, useClass: CommandMetricsInterceptor },
      ],
      exports: [Metrics, Readiness],
    };
  }
}
