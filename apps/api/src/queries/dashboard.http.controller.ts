import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Answer } from '@asn/projections';
import { found } from './not-found';
import { asOfParam, idParam } from './query-params';
import { QueryEndpoint } from './query-endpoint.decorator';
import { ReadSide } from './read-side';
import { Today } from './today';

@ApiTags('queries')
@Controller('dashboard')
export class DashboardHttpController {
  constructor(
    private readonly readSide: ReadSide,
    private readonly today: Today,
  ) {}

  @Get('summary')
  @QueryEndpoint()
  @ApiOperation({ summary: 'Totals of a unit subtree (or the whole instansi) today' })
  @ApiQuery({ name: 'unitId', required: false })
  async summary(@Query('unitId') unitId?: string, @Query('asOf') asOf?: string): Promise<Answer<unknown>> {
    const id = idParam('unitId', unitId);
    const answer = await this.readSide.queries.dashboard(id, asOfParam(asOf, this.today.get()));
    return { position: answer.position, body: found(answer.body, `unit ${id}`) };
  }
}
