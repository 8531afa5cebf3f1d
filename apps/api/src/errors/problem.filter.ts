import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { noteProblemCode } from '../observability/http-observability';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** Answers every error thrown in a Nest handler, guard or pipe as `application/problem+json`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const code = sendProblem(http.getResponse<ProblemReply>(), error, this.logger);
    noteProblemCode(http.getRequest(), code);
  }
}

/** The part of a Fastify reply this needs (@nestjs/platform-fastify brings its own copy of fastify's types). */
export interface ProblemReply {
  sent: boolean;
  code(status: number): unknown;
  header(name: string, value: string): unknown;
  send(payload: unknown): unknown;
}

/** Sends `error` as problem+json (unless an answer went out already); returns its problem code. */
export function sendProblem(reply: ProblemReply, error: unknown, logger: Logger): string {
  const { problem, headers } = toProblem(error);
  if (problem.status >= 500 && problem.code === 'INTERNAL') {
    logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  if (reply.sent) return problem.code;
  for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
  reply.code(problem.status);
  reply.header('content-type', PROBLEM_CONTENT_TYPE);
  reply.send(problem);
  return problem.code;
}
