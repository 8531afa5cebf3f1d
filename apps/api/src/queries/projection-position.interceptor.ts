import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { comparePositions } from '@asn/event-store';
import type { Answer } from '@asn/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, map, switchMap, type Observable } from 'rxjs';
import { ProblemException } from '../errors/problem';
import { positionParam } from './query-params';
import { ReadSide } from './read-side';

/** How long a query waits for the read models to reach `X-Min-Position` (API.md). */
export const MIN_POSITION_WAIT_MS = 2000;
const POLL_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes: with `X-Min-Position`, the query waits until the read models have projected that position
 * (503 with Retry-After after 2 s). Every answer carries `X-Projection-Position`. Handlers return an Answer.
 */
@Injectable()
export class ProjectionPositionInterceptor implements NestInterceptor {
  constructor(private readonly readSide: ReadSide) {}

  intercept(context: ExecutionContext, next: CallHandler<Answer<unknown>>): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const header = request.headers['x-min-position'];
    const min =
      typeof header === 'string' && header !== '' ? positionParam('X-Min-Position', header) : undefined;
    return from(min ? this.waitFor(min) : Promise.resolve()).pipe(
      switchMap(() => next.handle()),
      map((answer) => {
        reply.header('X-Projection-Position', answer.position);
        return answer.body;
      }),
      catchError((error: unknown) => from(this.unavailableIfStoreDown(error))),
    );
  }

  /** An error while the read-model store does not answer is an outage (503), not a bug (500). */
  private async unavailableIfStoreDown(error: unknown): Promise<never> {
    if (error instanceof HttpException || (await this.readSide.store.ping())) throw error;
    throw new ProblemException(
      'UNAVAILABLE',
      `the read models are unreachable (${error instanceof Error ? error.message : String(error)}); retry shortly`,
      undefined,
      { 'Retry-After': '1' },
    );
  }

  private async waitFor(position: string): Promise<void> {
    const deadline = Date.now() + MIN_POSITION_WAIT_MS;
    for (;;) {
      const checkpoint = await this.readSide.queries.checkpoint();
      if (comparePositions(checkpoint, position) >= 0) return;
      if (Date.now() >= deadline) {
        throw new ProblemException(
          'UNAVAILABLE',
          `the read models are at position ${checkpoint} and did not reach ${position} within ${MIN_POSITION_WAIT_MS / 1000} s; retry shortly`,
          undefined,
          { 'Retry-After': '1', 'X-Projection-Position': checkpoint },
        );
      }
      await sleep(POLL_MS);
    }
  }
}
