import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { toCsv, type Answer, type ReportName } from '@asn/projections';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../errors/problem';
import { found } from './not-found';
import { asOfParam, formatParam, idParam, intParam } from './query-params';
import { QueryEndpoint } from './query-endpoint.decorator';
import { ReadSide } from './read-side';
import { Today } from './today';

const REPORTS: ReportName[] = ['vacancies', 'acting-expiring', 'competency-gaps', 'retiring', 'jp'];

@ApiTags('queries')
@Controller('reports')
export class ReportsHttpController {
  constructor(
    private readonly readSide: ReadSide,
    private readonly today: Today,
  ) {}

  @Get(':name')
  @QueryEndpoint()
  @ApiOperation({ summary: 'A report of a unit subtree (or the whole instansi), JSON or CSV' })
  @ApiParam({ name: 'name', enum: REPORTS })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiQuery({ name: 'days', required: false, description: 'acting-expiring: window in days, default 14' })
  @ApiQuery({ name: 'months', required: false, description: 'retiring: window in months, default 12' })
  @ApiQuery({ name: 'year', required: false, description: 'jp: calendar year, default this year' })
  async report(
    @Param('name') name: string,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, string | undefined>,
  ): Promise<Answer<unknown>> {
    if (!REPORTS.includes(name as ReportName)) {
      throw new ProblemException(
        'NOT_FOUND',
        `report ${name} does not exist; reports: ${REPORTS.join(', ')}`,
      );
    }
    const format = formatParam(query.format);
    const unitId = idParam('unitId', query.unitId);
    const today = this.today.get();
    const answer = await this.readSide.queries.report(name as ReportName, {
      unitId,
      asOf: asOfParam(query.asOf, today),
      days: intParam('days', query.days, 14, 0, 366),
      months: intParam('months', query.months, 12, 0, 600),
      year: intParam('year', query.year, Number(today.slice(0, 4)), 1900, 2200),
    });
    const rows = found(answer.body, `unit ${unitId}`);
    if (format === 'csv') {
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${name}.csv"`);
      return { position: answer.position, body: toCsv(rows) };
    }
    return { position: answer.position, body: rows };
  }
}
