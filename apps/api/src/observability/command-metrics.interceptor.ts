import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Observable, tap } from 'rxjs';
import { Role, ROLES_KEY } from '../auth/roles.decorator';
import { ProblemException } from '../errors/problem';
import { toProblem } from '../errors/to-problem';
import { Metrics } from './metrics';
import { Readiness } from './readiness';

/** `EstablishUnitHttpController` -> `EstablishUnit`: the use case folder, one per command. */
export const commandTypeOf = (controller: { name: string }): string =>
  controller.name.replace(/HttpController$|Controller$/, '');

/** The metric outcome of a failed command: the problem code it answers with, in lower case. */
export const outcomeOf = (error: unknown): string => toProblem(error).problem.code.toLowerCase();

/**
 * Global interceptor: counts and times every command route (a handler marked for hr-admin that is not a
 * GET), by command type and outcome. While the instance drains for shutdown, new commands get 503 (nothing
 * written; the client retries elsewhere) and the ones in flight are finished.
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const roles = this.reflector.get<Role[] | undefined>(ROLES_KEY, context.getHandler());
    if (request.method === 'GET' || !roles?.includes('hr-admin')) return next.handle();
    if (this.readiness.isDraining) {
      throw new ProblemException(
        'UNAVAILABLE',
        'this instance is shutting down; nothing was written, send the command again',
        undefined,
        { 'Retry-After': '1', Connection: 'close' },
      );
    }
    const done = this.metrics.startCommand(commandTypeOf(context.getClass()));
    return next.handle().pipe(
      tap({
        next: () => done('accepted'),
        error: (error: unknown) => done(outcomeOf(error)),
        finalize: () => done('cancelled'),
      }),
    );
  }
}
