import { CanActivate, ExecutionContext, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Role, ROLES_KEY } from '../auth/roles.decorator';
import { ProblemException } from '../errors/problem';
import { CORRELATION_HEADER, correlationIdFrom } from './correlation';
import { requestLogLevel } from './logger';
import { Metrics } from './metrics';
import { Readiness } from './readiness';

/** The JSON logger of the api (pino), provided by ObservabilityModule. */
export const JSON_LOGGER = Symbol('JSON_LOGGER');

/** Set on the request by CommandRouteGuard: the command's type and the clock of its metrics. */
const COMMAND = Symbol('command');
/** Set on the request by the problem filter: the code the answer carries (the metric outcome). */
export const PROBLEM_CODE = Symbol('problem-code');

interface ObservedRequest {
  [COMMAND]?: (outcome: string) => void;
  [PROBLEM_CODE]?: string;
}

/** Request lines are not written for probes and scrapes. */
const UNLOGGED = /^\/(health\/|metrics)/;

/** `EstablishUnitHttpController` -> `EstablishUnit`: the use case folder, one per command. */
export const commandTypeOf = (controller: { name: string }): string =>
  controller.name.replace(/HttpController$|Controller$/, '');

/** Records the problem code of an error answer on its request, for the request's metrics. */
export function noteProblemCode(request: unknown, code: string): void {
  if (request && typeof request === 'object') (request as ObservedRequest)[PROBLEM_CODE] = code;
}

/**
 * Global guard on command routes (a handler for hr-admin that is not a GET): while the instance drains for
 * shutdown, new commands get 503 (nothing written; the client retries elsewhere); otherwise it starts the
 * command's clock, stopped by the response hook below with the outcome (accepted or the problem code).
 * A guard, not an interceptor: guards run before validation (so a 400 is counted) and cost no observable.
 */
@Injectable()
export class CommandRouteGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & ObservedRequest>();
    if (request.method === 'GET') return true;
    const roles = this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getHandler());
    if (!roles?.includes('hr-admin')) return true;
    if (this.readiness.isDraining) {
      throw new ProblemException(
        'UNAVAILABLE',
        'this instance is shutting down; nothing was written, send the command again',
        undefined,
        { 'Retry-After': '1', Connection: 'close' },
      );
    }
    request[COMMAND] = this.metrics.startCommand(commandTypeOf(context.getClass()));
    return true;
  }
}

/**
 * Fastify hooks, cheaper than Nest middleware or interceptors on every request:
 * - the correlation id: the caller's `X-Correlation-Id` when well formed, else a new UUID; set back on the
 *   request (the write pipeline records it in event metadata) and echoed in the response;
 * - one JSON line per request (`info`, `warn` for 4xx, `error` for 5xx) with method, url, status, time and
 *   correlation id; never headers, so no credential reaches the log. Nothing is built when the level is off;
 * - the end of a command's clock (CommandRouteGuard started it).
 */
@Injectable()
export class HttpObservability implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(JSON_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.addHook !== 'function') return;
    fastify.addHook('onRequest', (request, reply, done) => {
      const id = correlationIdFrom(request.headers[CORRELATION_HEADER]);
      request.headers[CORRELATION_HEADER] = id;
      reply.header('X-Correlation-Id', id);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      this.finish(request as FastifyRequest & ObservedRequest, reply);
      done();
    });
    fastify.addHook('onRequestAbort', (request, done) => {
      (request as FastifyRequest & ObservedRequest)[COMMAND]?.('cancelled');
      done();
    });
  }

  private finish(request: FastifyRequest & ObservedRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const problem = request[PROBLEM_CODE];
    request[COMMAND]?.(status < 400 ? 'accepted' : (problem ?? `http_${status}`).toLowerCase());
    const level = requestLogLevel(status);
    if (!this.logger.isLevelEnabled(level) || UNLOGGED.test(request.url)) return;
    this.logger[level](
      {
        correlationId: request.headers[CORRELATION_HEADER],
        req: {
          id: request.id,
          method: request.method,
          url: request.url,
          userAgent: request.headers['user-agent'],
        },
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
      },
      status >= 500 ? 'request errored' : 'request completed',
    );
  }
}
