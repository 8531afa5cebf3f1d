import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { Roles } from '../../auth/roles.decorator';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** An hr-admin command route: 201 with the command response, the shared headers and problem answers. */
export function CommandEndpoint(options: { ifMatch?: string; status?: number } = {}) {
  const decorators = [
    Roles('hr-admin'),
    HttpCode(options.status ?? 201),
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Up to 128 characters; a retry with the same key and body returns the first answer',
    }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Recorded in every event' }),
    ApiResponse({
      status: options.status ?? 201,
      description: 'Accepted: the events written, the global log position and warnings',
      schema: { $ref: '#/components/schemas/CommandResponse' },
    }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED', content: problem }),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED', content: problem }),
    ApiResponse({ status: 403, description: 'FORBIDDEN', content: problem }),
    ApiResponse({ status: 404, description: 'NOT_FOUND', content: problem }),
    ApiResponse({
      status: 409,
      description: 'CONCURRENCY_CONFLICT or IDEMPOTENCY_MISMATCH',
      content: problem,
    }),
    ApiResponse({ status: 422, description: 'RULE_VIOLATION', content: problem }),
    ApiResponse({ status: 503, description: 'UNAVAILABLE; nothing was written', content: problem }),
  ];
  if (options.ifMatch) {
    decorators.push(
      ApiHeader({
        name: 'If-Match',
        required: false,
        description: `"<version>" of ${options.ifMatch}; 409 if it changed`,
      }),
    );
  }
  return applyDecorators(...decorators);
}
