import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PRINCIPAL_FIELD, RequestWithPrincipal } from '../auth/principal';
import { ProblemException } from '../errors/problem';
import { CORRELATION_HEADER, correlationIdFrom } from '../observability/correlation';
import { commandIdFor, fingerprint } from './ids';

/** Who sent a command and how to recognise it again: read from the request headers and the token. */
export interface CommandMeta {
  commandId: string;
  correlationId: string;
  /** The token's `sub`. */
  actor: string;
  idempotencyKey?: string;
  /** Fingerprint of method, path and body; set when an Idempotency-Key is sent. */
  requestHash?: string;
  /** The versions of `If-Match` without quotes (`*` matches any existing version). */
  ifMatch?: string[];
}

const MAX_KEY_LENGTH = 128;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseIfMatch(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((v) =>
    v
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  );
}

export function commandMetaOf(request: FastifyRequest & RequestWithPrincipal): CommandMeta {
  const key = header(request, 'idempotency-key');
  if (key !== undefined && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
    const message = `Idempotency-Key has ${key.length} characters; it must have 1 to ${MAX_KEY_LENGTH}`;
    throw new ProblemException('VALIDATION_FAILED', message, [
      { code: 'maxLength', message, field: 'Idempotency-Key' },
    ]);
  }
  const actor = request[PRINCIPAL_FIELD]?.sub ?? 'anonymous';
  const commandId = commandIdFor(key, actor);
  return {
    commandId,
    // The request logger puts its id in this header first; the same check applies without it.
    correlationId: correlationIdFrom(request.headers[CORRELATION_HEADER]),
    actor,
    idempotencyKey: key,
    requestHash:
      key === undefined ? undefined : fingerprint([request.method, request.url, request.body ?? null]),
    ifMatch: parseIfMatch(header(request, 'if-match')),
  };
}

/** The CommandMeta of the current request: `create(@Body() body: Dto, @WriteMeta() meta: CommandMeta)`. */
export const WriteMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta =>
  commandMetaOf(ctx.switchToHttp().getRequest()),
);
