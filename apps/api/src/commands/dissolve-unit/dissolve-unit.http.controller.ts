import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../validation/id.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { DissolveUnitCommand } from './dissolve-unit.command';
import { DissolveUnitRequestDto } from './dissolve-unit.request.dto';

@ApiTags('structure')
@Controller('units')
export class DissolveUnitHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':id/dissolve')
  @CommandEndpoint({ ifMatch: 'the unit' })
  @ApiOperation({
    summary:
      'Dissolve a unit under a decree (its positions abolished and subunits moved first) (DissolveUnit)',
  })
  dissolve(
    @Param('id', IdPipe) id: string,
    @Body() body: DissolveUnitRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new DissolveUnitCommand(meta, id, body));
  }
}
