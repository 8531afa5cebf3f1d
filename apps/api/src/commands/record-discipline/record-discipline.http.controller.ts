import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { RecordDisciplineCommand } from './record-discipline.command';
import { RecordDisciplineRequestDto } from './record-discipline.request.dto';

@ApiTags('people')
@Controller('employees')
export class RecordDisciplineHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/discipline')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({
    summary:
      'Record a disciplinary sanction and its period (no location-flexible work while it runs) (RecordDiscipline)',
  })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: RecordDisciplineRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new RecordDisciplineCommand(meta, nip, body));
  }
}
