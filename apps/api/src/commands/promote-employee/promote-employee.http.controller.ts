import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { PromoteEmployeeCommand } from './promote-employee.command';
import { PromoteEmployeeRequestDto } from './promote-employee.request.dto';

@ApiTags('people')
@Controller('employees')
export class PromoteEmployeeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/promotions')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({ summary: 'Promote an employee to a rank under a decree (PromoteEmployee)' })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: PromoteEmployeeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new PromoteEmployeeCommand(meta, nip, body));
  }
}
