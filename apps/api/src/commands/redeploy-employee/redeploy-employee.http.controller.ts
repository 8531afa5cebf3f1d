import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { RedeployEmployeeCommand } from './redeploy-employee.command';
import { RedeployEmployeeRequestDto } from './redeploy-employee.request.dto';

@ApiTags('placements')
@Controller('employees')
export class RedeployEmployeeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/redeploy')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({ summary: 'Redeploy an employee temporarily to another unit (a one-line REDEPLOY decree)' })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: RedeployEmployeeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new RedeployEmployeeCommand(meta, nip, body));
  }
}
