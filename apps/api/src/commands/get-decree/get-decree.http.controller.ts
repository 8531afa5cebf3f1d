import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/roles.decorator';
import { IdPipe } from '../../validation/id.pipe';
import type { DecreeResponse } from './decree.response';
import { GetDecreeQuery } from './get-decree.query';

@ApiTags('placements')
@Controller('decrees')
export class GetDecreeHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @Roles('viewer', 'hr-admin', 'auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The decree, its lines and events, and whether it was annulled' })
  @ApiResponse({ status: 200, description: 'The decree; ETag is its version (send it as If-Match to annul)' })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  async get(
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecreeResponse> {
    const decree = await this.queryBus.execute<GetDecreeQuery, DecreeResponse>(new GetDecreeQuery(id));
    reply.header('ETag', `"${decree.version}"`);
    return decree;
  }
}
