import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { StoreUnavailableError } from '@asn/event-store';
import { Problem, problem, ProblemException } from './problem';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Maps anything thrown while serving a request to a problem document. */
export function toProblem(error: unknown): { problem: Problem; headers?: Record<string, string> } {
  if (error instanceof ProblemException) return { problem: error.problem, headers: error.headers };
  if (error instanceof StoreUnavailableError) {
    return {
      problem: problem('UNAVAILABLE', `event store unavailable: ${error.message}`),
      headers: { 'Retry-After': '1' },
    };
  }
  if (error instanceof ThrottlerException) {
    return {
      problem: problem('RATE_LIMITED', 'too many requests; slow down and retry'),
      headers: { 'Retry-After': '1' },
    };
  }
  if (error instanceof HttpException) return { problem: fromStatus(error.getStatus(), error.message) };
  const fastify = error as FastifyLikeError;
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    if (fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastify.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return {
        problem: problem('VALIDATION_FAILED', `the body is not valid JSON: ${fastify.message ?? ''}`.trim(), [
          { code: 'MALFORMED_JSON', message: fastify.message ?? 'malformed JSON' },
        ]),
      };
    }
    return { problem: fromStatus(fastify.statusCode, fastify.message ?? '') };
  }
  return { problem: problem('INTERNAL', 'an unexpected error occurred; it has been logged') };
}

function fromStatus(status: number, message: string): Problem {
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return problem('VALIDATION_FAILED', message);
    case HttpStatus.UNAUTHORIZED:
      return problem('UNAUTHENTICATED', message);
    case HttpStatus.FORBIDDEN:
      return problem('FORBIDDEN', message);
    case HttpStatus.NOT_FOUND:
      return problem('NOT_FOUND', message);
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return problem('PAYLOAD_TOO_LARGE', message || 'the body is over the limit');
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return { ...problem('VALIDATION_FAILED', message), status: 415, title: 'Unsupported media type' };
    case HttpStatus.TOO_MANY_REQUESTS:
      return problem('RATE_LIMITED', message);
    case HttpStatus.SERVICE_UNAVAILABLE:
      return problem('UNAVAILABLE', message);
    default:
      if (status >= 500) return problem('INTERNAL', 'an unexpected error occurred; it has been logged');
      return { ...problem('VALIDATION_FAILED', message), status };
  }
}
