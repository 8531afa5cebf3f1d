import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { ReassignEmployeeCommand } from './reassign-employee.command';
import { ReassignEmployeeRequestDto } from './reassign-employee.request.dto';

@ApiTags('placements')
@Controller('employees')
export class ReassignEmployeeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/reassign')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({
    summary: 'Reassign an employee (mutasi, rotasi, promosi, demosi) (a one-line REASSIGN decree)',
  })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: ReassignEmployeeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new ReassignEmployeeCommand(meta, nip, body));
  }
}
