import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { RecordAbsenceCommand } from './record-absence.command';
import { RecordAbsenceRequestDto } from './record-absence.request.dto';

@ApiTags('people')
@Controller('employees')
export class RecordAbsenceHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/absences')
  @CommandEndpoint({ ifMatch: 'the employee' })
  @ApiOperation({ summary: 'Record a temporary absence (allows a Plh) (RecordAbsence)' })
  handle(
    @Param('nip', NipPipe) nip: string,
    @Body() body: RecordAbsenceRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new RecordAbsenceCommand(meta, nip, body));
  }
}
