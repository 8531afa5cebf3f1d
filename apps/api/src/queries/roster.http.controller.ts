import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Answer } from '@asn/projections';
import { IdPipe } from '../validation/id.pipe';
import { found } from './not-found';
import { asOfParam, intParam } from './query-params';
import { QueryEndpoint } from './query-endpoint.decorator';
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
    @Query('asOf') asOf?: string,
    @Query('depth') depth?: string,
  ): Promise<Answer<unknown>> {
    const answer = await this.readSide.queries.roster(
      id,
      asOfParam(asOf, this.today.get()),
      intParam('depth', depth, 0, 0, 10),
    );
    return { position: answer.position, body: found(answer.body, `unit ${id}`) };
  }
}
