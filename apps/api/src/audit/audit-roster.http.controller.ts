import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Roster } from '@asn/domain';
import { parseAsOf, parseKnownAt, StaffingReplay } from '@asn/audit';
import { Roles } from '../auth/roles.decorator';
import { ProblemException } from '../errors/problem';
import { IdPipe } from '../validation/id.pipe';
import { Clock, CLOCK, todayIn } from '../write/clock';
import { depthParam, invalid } from './audit-query';

/** `GET /audit/units/{id}/roster?asOf=&knownAt=`: the roster replayed from the staffing stream. */
@ApiTags('audit')
@Roles('auditor')
@Controller('audit')
export class AuditRosterHttpController {
  constructor(
    private readonly replay: StaffingReplay,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('units/:id/roster')
  @ApiOperation({
    summary: 'The roster as of an effective date, as it was known at a recorded time (bitemporal replay)',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'effective date YYYY-MM-DD (default today, WIB)' })
  @ApiQuery({
    name: 'knownAt',
    required: false,
    description: 'recorded time, ISO-8601 with a zone, or a date meaning its end in UTC (default now)',
  })
  @ApiQuery({ name: 'depth', required: false, description: 'subunit levels to expand (default 0)' })
  async roster(
    @Param('id', IdPipe) id: string,
    @Query('asOf') asOfParam: string | undefined,
    @Query('knownAt') knownAtParam: string | undefined,
    @Query('depth') depthValue: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Roster> {
    const now = this.clock();
    const asOf = asOfParam ? parseAsOf(asOfParam) : { ok: true as const, value: todayIn(now) };
    if (!asOf.ok) throw invalid('asOf', asOf.message);
    const knownAt = knownAtParam ? parseKnownAt(knownAtParam) : { ok: true as const, value: now.getTime() };
    if (!knownAt.ok) throw invalid('knownAt', knownAt.message);
    const roster = await this.replay.rosterKnownAt(id, asOf.value, knownAt.value, depthParam(depthValue));
    const knownAtIso = new Date(knownAt.value).toISOString();
    if (!roster) throw new ProblemException('NOT_FOUND', `unit ${id} was not known at ${knownAtIso}`);
    reply.header('X-Known-At', knownAtIso);
    return roster;
  }
}
