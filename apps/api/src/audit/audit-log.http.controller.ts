import { Controller, Get, Headers, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { EVENT_STORE, type EventStore } from '@asn/event-store';
import { logEvents, logPage, ndjsonLine, verifyStore, type LogPage, type VerifyReport } from '@asn/audit';
import { Roles } from '../auth/roles.decorator';
import { limitParam, positionParam, typesParam } from './audit-query';

const DEFAULT_LIMIT = 1_000;
const MAX_LIMIT = 10_000;
export const NDJSON = 'application/x-ndjson';

/** The global log for auditors, and the check of every hash chain in it. */
@ApiTags('audit')
@Roles('auditor')
@Controller('audit')
export class AuditLogHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ApiOperation({
    summary: `The global log, paged ({ events, next }); with Accept: ${NDJSON}, every event after \`after\` streamed, one a line`,
  })
  @ApiProduces('application/json', NDJSON)
  @ApiQuery({ name: 'after', required: false, description: 'exclusive log position (default: the start)' })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `events per page (default ${DEFAULT_LIMIT}; NDJSON: all)`,
  })
  @ApiQuery({ name: 'type', required: false, description: 'event types, comma-separated' })
  async events(
    @Query('after') afterParam: string | undefined,
    @Query('limit') limitValue: string | undefined,
    @Query('type') typeParam: string | string[] | undefined,
    @Headers('accept') accept: string | undefined,
  ): Promise<LogPage | StreamableFile> {
    const after = positionParam(afterParam);
    const types = typesParam(typeParam);
    if (accept?.includes(NDJSON)) {
      const limit = limitValue === undefined ? Infinity : limitParam(limitValue, 1, Number.MAX_SAFE_INTEGER);
      return new StreamableFile(Readable.from(this.ndjson(after, types, limit)), { type: NDJSON });
    }
    return logPage(this.store, { after, types, limit: limitParam(limitValue, DEFAULT_LIMIT, MAX_LIMIT) });
  }

  @Get('verify')
  @ApiOperation({
    summary:
      'Recompute the hash chain of every stream: { ok, events, streams, firstBreak?: { stream, revision, expected, actual } }',
  })
  verify(): Promise<VerifyReport> {
    return verifyStore(this.store);
  }

  private async *ndjson(
    after: string | undefined,
    types: string[] | undefined,
    limit: number,
  ): AsyncGenerator<string> {
    let sent = 0;
    if (limit <= 0) return;
    const filter = types ? { eventTypes: types } : undefined;
    for await (const event of logEvents(this.store, { after, filter })) {
      yield ndjsonLine(event);
      if (++sent >= limit) return;
    }
  }
}
