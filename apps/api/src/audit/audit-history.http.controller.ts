import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { staffingStream } from '@asn/domain';
import { EVENT_STORE, type EventStore } from '@asn/event-store';
import { historyOf, type HistoryEntry, type HistorySubject } from '@asn/audit';
import { Roles } from '../auth/roles.decorator';
import { AppConfig } from '../config/app-config';
import { ProblemException } from '../errors/problem';
import { IdPipe } from '../validation/id.pipe';
import { NipPipe } from '../validation/nip.pipe';
import { limitParam, positionParam } from './audit-query';

const DEFAULT_LIMIT = 1_000;
const MAX_LIMIT = 10_000;

/**
 * `GET /audit/{employees,positions,units}/{id}/history`: every event about the subject, read from the
 * event store. Long histories come in pages: `X-Next-After` (and `Link: rel="next"`) give the next one.
 */
@ApiTags('audit')
@Roles('auditor')
@Controller('audit')
export class AuditHistoryHttpController {
  private readonly stream: string;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    config: AppConfig,
  ) {
    this.stream = staffingStream(config.INSTANSI);
  }

  @Get('employees/:nip/history')
  @ApiOperation({ summary: "An employee's history: every event, its decree, actor, hash and annulment" })
  @ApiQuery({ name: 'after', required: false, description: 'log position to continue after (X-Next-After)' })
  @ApiQuery({ name: 'limit', required: false, description: `entries per page (default ${DEFAULT_LIMIT})` })
  employee(
    @Param('nip', NipPipe) nip: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return this.history({ kind: 'employee', nip }, `employee ${nip}`, after, limit, reply);
  }

  @Get('positions/:id/history')
  @ApiOperation({ summary: "A position's history: establishment, requirement changes, every move in or out" })
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'limit', required: false })
  position(
    @Param('id', IdPipe) id: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return this.history({ kind: 'position', id }, `position ${id}`, after, limit, reply);
  }

  @Get('units/:id/history')
  @ApiOperation({ summary: "A unit's history: its subunits, its positions, and every move through them" })
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'limit', required: false })
  unit(
    @Param('id', IdPipe) id: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return this.history({ kind: 'unit', id }, `unit ${id}`, after, limit, reply);
  }

  private async history(
    subject: HistorySubject,
    name: string,
    after: string | undefined,
    limit: string | undefined,
    reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    const page = await historyOf(this.store, subject, {
      staffingStream: this.stream,
      after: positionParam(after),
      limit: limitParam(limit, DEFAULT_LIMIT, MAX_LIMIT),
    });
    if (page.entries === null)
      throw new ProblemException('NOT_FOUND', `no event in the log concerns ${name}`);
    if (page.next !== null) {
      const url = new URL(reply.request.url, 'http://host');
      url.searchParams.set('after', page.next);
      reply.header('X-Next-After', page.next);
      reply.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
    }
    return page.entries;
  }
}
