import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../validation/id.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { ChangePositionRequirementsCommand } from './change-position-requirements.command';
import { ChangePositionRequirementsRequestDto } from './change-position-requirements.request.dto';

@ApiTags('structure')
@Controller('positions')
export class ChangePositionRequirementsHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Patch(':id')
  @CommandEndpoint({ ifMatch: 'the position' })
  @ApiOperation({
    summary:
      'Change the kebutuhan or required trainings of a position, or move it to another unit (ChangePositionRequirements)',
  })
  change(
    @Param('id', IdPipe) id: string,
    @Body() body: ChangePositionRequirementsRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new ChangePositionRequirementsCommand(meta, id, body));
  }
}
