import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { AssignActingCommand } from './assign-acting.command';
import { AssignActingRequestDto } from './assign-acting.request.dto';

@ApiTags('placements')
@Controller('employees')
export class AssignActingHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/acting')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({
    summary: 'Assign an employee as Plt or Plh of a manajerial post (a one-line ACTING decree)',
  })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: AssignActingRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new AssignActingCommand(meta, nip, body));
  }
}
