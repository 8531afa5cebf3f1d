import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Answer } from '@asn/projections';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../validation/id.pipe';
import { found } from './not-found';
import { asOfParam, intParam } from './query-params';
import { QueryEndpoint } from './query-endpoint.decorator';
import { rosterJson } from './roster-json';
import { ReadSide } from './read-side';
import { Today } from './today';

@ApiTags('queries')
@Controller('units')
export class RosterHttpController {
  constructor(
    private readonly readSide: ReadSide,
    private readonly today: Today,
  ) {}

  @Get(':id/roster')
  @QueryEndpoint()
  @ApiOperation({
    summary: 'Roster of a unit on a date: positions, holders, acting, redeployments, totals of the subtree',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, default today' })
  @ApiQuery({ name: 'depth', required: false, description: 'levels of subunits to expand (0-10), default 0' })
  async roster(
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('asOf') asOf?: string,
    @Query('depth') depth?: string,
  ): Promise<Answer<unknown>> {
    const answer = await this.readSide.queries.roster(
      id,
      asOfParam(asOf, this.today.get()),
      intParam('depth', depth, 0, 0, 10),
    );
    const roster = found(answer.body, `unit ${id}`);
    // Sent as text: the rows that did not change since the last answer are not serialized again.
    reply.header('content-type', 'application/json; charset=utf-8');
    return { position: answer.position, body: rosterJson(roster) };
  }
}
