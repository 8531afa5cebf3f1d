import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Answer } from '@asn/projections';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../validation/nip.pipe';
import { found } from './not-found';
import { asOfParam, idParam, intParam } from './query-params';
import { QueryEndpoint } from './query-endpoint.decorator';
import { ReadSide } from './read-side';
import { Today } from './today';

@ApiTags('queries')
@Controller('employees')
export class EmployeesHttpController {
  constructor(
    private readonly readSide: ReadSide,
    private readonly today: Today,
  ) {}

  @Get()
  @QueryEndpoint()
  @ApiOperation({
    summary: 'Employees, paged in NIP order; unitId: placed in that unit or below; q: NIP prefix or name',
  })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  async list(
    @Query('unitId') unitId?: string,
    @Query('q') q?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
    @Query('asOf') asOf?: string,
  ): Promise<Answer<unknown>> {
    const answer = await this.readSide.queries.employees({
      unitId: idParam('unitId', unitId),
      q: q?.slice(0, 100),
      limit: intParam('limit', limit, 50, 1, 500),
      cursor: cursor?.slice(0, 64),
      asOf: asOfParam(asOf, this.today.get()),
    });
    return { position: answer.position, body: found(answer.body, `unit ${unitId}`) };
  }

  @Get(':nip')
  @QueryEndpoint()
  @ApiOperation({ summary: 'Employee profile on a date (ETag: the employee version for If-Match)' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD, default today' })
  async profile(
    @Param('nip', NipPipe) nip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('asOf') asOf?: string,
  ): Promise<Answer<unknown>> {
    const answer = await this.readSide.queries.employee(nip, asOfParam(asOf, this.today.get()));
    const body = found(answer.body, `employee ${nip}`);
    if (answer.version) reply.header('ETag', `"${answer.version}"`);
    return { position: answer.position, body };
  }
}
