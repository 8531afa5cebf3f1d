import { HttpException } from '@nestjs/common';

export type ProblemCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONCURRENCY_CONFLICT'
  | 'IDEMPOTENCY_MISMATCH'
  | 'PAYLOAD_TOO_LARGE'
  | 'RULE_VIOLATION'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ProblemViolation {
  code: string;
  message: string;
  line?: number;
  field?: string;
}

/** An `application/problem+json` body (RFC 9457) with the engine's `code` and `violations`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail: string;
  violations?: ProblemViolation[];
}

const TITLES: Record<ProblemCode, [number, string]> = {
  VALIDATION_FAILED: [400, 'The request is malformed'],
  UNAUTHENTICATED: [401, 'Authentication required'],
  FORBIDDEN: [403, 'Not allowed for your role'],
  NOT_FOUND: [404, 'Not found'],
  CONCURRENCY_CONFLICT: [409, 'The entity changed since the version you sent'],
  IDEMPOTENCY_MISMATCH: [409, 'Idempotency-Key reused with a different request'],
  PAYLOAD_TOO_LARGE: [413, 'Request too large'],
  RULE_VIOLATION: [422, 'A domain rule refused the command'],
  RATE_LIMITED: [429, 'Too many requests'],
  UNAVAILABLE: [503, 'Service unavailable; nothing was written'],
  INTERNAL: [500, 'Internal error'],
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(code: ProblemCode, detail: string, violations?: ProblemViolation[]): Problem {
  const [status, title] = TITLES[code];
  const body: Problem = {
    type: `urn:asn:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    code,
    detail,
  };
  if (violations) body.violations = violations;
  return body;
}

/** Throw anywhere in the api to answer with a problem document: `throw new ProblemException('NOT_FOUND', ...)`. */
export class ProblemException extends HttpException {
  readonly problem: Problem;

  constructor(
    code: ProblemCode,
    detail: string,
    violations?: ProblemViolation[],
    readonly headers?: Record<string, string>,
  ) {
    const body = problem(code, detail, violations);
    super(body, body.status);
    this.problem = body;
  }
}
