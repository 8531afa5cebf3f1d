import { Body, Controller, Param, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { ArrangeWorkCommand } from './arrange-work.command';
import { ArrangeWorkRequestDto } from './arrange-work.request.dto';

@ApiTags('development')
@Controller('employees')
export class ArrangeWorkHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Put(':nip/work-arrangement')
  @CommandEndpoint({ ifMatch: 'the employee, as "<staffingVersion>.<employeeStreamRevision>"' })
  @ApiOperation({ summary: 'Set a flexible-work arrangement (ArrangeWork, employee stream)' })
  arrange(
    @Param('nip', NipPipe) nip: string,
    @Body() body: ArrangeWorkRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new ArrangeWorkCommand(meta, nip, body));
  }
}
