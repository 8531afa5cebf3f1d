import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { SeparateEmployeeCommand } from './separate-employee.command';
import { SeparateEmployeeRequestDto } from './separate-employee.request.dto';

@ApiTags('people')
@Controller('employees')
export class SeparateEmployeeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/separation')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({ summary: 'Separate an employee (retirement, resignation, ...) (SeparateEmployee)' })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: SeparateEmployeeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new SeparateEmployeeCommand(meta, nip, body));
  }
}
