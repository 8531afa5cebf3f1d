import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ProjectionPositionInterceptor } from './projection-position.interceptor';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** A query route (viewer, hr-admin, auditor): X-Min-Position in, X-Projection-Position out. */
export function QueryEndpoint() {
  return applyDecorators(
    Roles('viewer', 'hr-admin', 'auditor'),
    UseInterceptors(ProjectionPositionInterceptor),
    ApiBearerAuth(),
    ApiHeader({
      name: 'X-Min-Position',
      required: false,
      description: 'Wait (up to 2 s) until the read models have projected this log position; 503 otherwise',
    }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED', content: problem }),
    ApiResponse({ status: 404, description: 'NOT_FOUND', content: problem }),
    ApiResponse({
      status: 503,
      description: 'UNAVAILABLE: read models behind X-Min-Position',
      content: problem,
    }),
  );
}
