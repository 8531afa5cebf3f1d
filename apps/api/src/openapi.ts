import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /docs-json, UI at /docs. */
export function setupOpenApi(app: NestFastifyApplication, quiet = false): void {
  const config = new DocumentBuilder()
    .setTitle('ASN workforce engine')
    .setDescription(
      'Event-sourced placement of civil servants (ASN). Commands need the hr-admin role; errors are ' +
        'application/problem+json. See docs/API.md for the contract.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status', 'code', 'detail'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        code: {
          type: 'string',
          enum: [
            'VALIDATION_FAILED',
            'UNAUTHENTICATED',
            'FORBIDDEN',
            'NOT_FOUND',
            'CONCURRENCY_CONFLICT',
            'IDEMPOTENCY_MISMATCH',
            'PAYLOAD_TOO_LARGE',
            'RULE_VIOLATION',
            'RATE_LIMITED',
            'UNAVAILABLE',
          ],
        },
        detail: { type: 'string' },
        violations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              line: { type: 'integer' },
              field: { type: 'string' },
            },
          },
        },
      },
    },
    CommandResponse: {
      type: 'object',
      required: ['commandId', 'events', 'position', 'warnings'],
      properties: {
        commandId: { type: 'string', format: 'uuid' },
        events: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string', format: 'uuid' },
              type: { type: 'string' },
              stream: { type: 'string' },
              revision: { type: 'integer' },
            },
          },
        },
        position: {
          type: 'string',
          description: 'global log position; send as X-Min-Position to read your write',
        },
        warnings: {
          type: 'array',
          items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
        decreeId: { type: 'string', description: 'decrees only' },
      },
    },
  };
  const ui = canServeUi();
  if (!ui && !quiet)
    new Logger('OpenAPI').warn('@fastify/static cannot load here: serving /docs-json without the /docs UI');
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', ui });
}

/** The UI needs @fastify/static, whose dependencies are ESM: loadable by Node 20.19+, not by Jest 30 on Node 20. */
function canServeUi(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- probing loadability, not using it
    require('@fastify/static');
    return true;
  } catch {
    return false;
  }
}
