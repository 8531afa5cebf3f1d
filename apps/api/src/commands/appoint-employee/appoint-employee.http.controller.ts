import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { AppointEmployeeCommand } from './appoint-employee.command';
import { AppointEmployeeRequestDto } from './appoint-employee.request.dto';

@ApiTags('placements')
@Controller('employees')
export class AppointEmployeeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/appoint')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({ summary: 'Appoint an employee to a first definitive position (a one-line APPOINT decree)' })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: AppointEmployeeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new AppointEmployeeCommand(meta, nip, body));
  }
}
