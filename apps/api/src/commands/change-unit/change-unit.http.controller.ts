import { Body, Controller, Param, Patch, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../validation/id.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { ChangeUnitCommand } from './change-unit.command';
import { ChangeUnitRequestDto } from './change-unit.request.dto';

@ApiTags('structure')
@Controller('units')
export class ChangeUnitHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Patch(':id')
  @CommandEndpoint({ ifMatch: 'the unit' })
  @ApiOperation({ summary: 'Rename a unit or move it in the tree from a date (ChangeUnit)' })
  change(
    @Param('id', IdPipe) id: string,
    @Body() body: ChangeUnitRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new ChangeUnitCommand(meta, id, body));
  }
}
