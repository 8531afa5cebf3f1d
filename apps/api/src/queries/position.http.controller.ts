import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Answer } from '@asn/projections';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../validation/id.pipe';
import { found } from './not-found';
import { asOfParam } from './query-params';
import { QueryEndpoint } from './query-endpoint.decorator';
import { ReadSide } from './read-side';
import { Today } from './today';

@ApiTags('queries')
@Controller('positions')
export class PositionHttpController {
  constructor(
    private readonly readSide: ReadSide,
    private readonly today: Today,
  ) {}

  @Get(':id')
  @QueryEndpoint()
  @ApiOperation({
    summary: 'A position on a date: its holders, acting and history summary (ETag: its version)',
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, default today' })
  async position(
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('asOf') asOf?: string,
  ): Promise<Answer<unknown>> {
    const answer = await this.readSide.queries.position(id, asOfParam(asOf, this.today.get()));
    const body = found(answer.body, `position ${id}`);
    reply.header('ETag', `"${body.version}"`);
    return { position: answer.position, body };
  }
}
