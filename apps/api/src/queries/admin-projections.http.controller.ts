import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { ReadSide } from './read-side';

@ApiTags('operations')
@ApiBearerAuth()
@Roles('hr-admin')
@Controller('admin/projections')
export class AdminProjectionsHttpController {
  constructor(private readonly readSide: ReadSide) {}

  @Get()
  @ApiOperation({ summary: 'Status, checkpoint and lag of the read models' })
  status() {
    return this.readSide.status();
  }

  @Post('rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild the read models into a new version from the log, then switch; queries keep answering',
  })
  async rebuild(@Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.readSide.requestRebuild();
    reply.header('Location', '/api/v1/admin/projections');
    return { ...result, status_url: '/api/v1/admin/projections' };
  }
}
