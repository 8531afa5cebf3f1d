import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NipPipe } from '../../validation/nip.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { CompleteTrainingCommand } from './complete-training.command';
import { CompleteTrainingRequestDto } from './complete-training.request.dto';

@ApiTags('development')
@Controller('employees')
export class CompleteTrainingHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':nip/trainings')
  @CommandEndpoint({ ifMatch: 'the employee, as "<staffingVersion>.<employeeStreamRevision>"' })
  @ApiOperation({ summary: 'Record a completed training (CompleteTraining, employee stream)' })
  complete(
    @Param('nip', NipPipe) nip: string,
    @Body() body: CompleteTrainingRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new CompleteTrainingCommand(meta, nip, body));
  }
}
