import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { EstablishUnitCommand } from './establish-unit.command';
import { EstablishUnitRequestDto } from './establish-unit.request.dto';

@ApiTags('structure')
@Controller('units')
export class EstablishUnitHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @CommandEndpoint()
  @ApiOperation({ summary: 'Establish an organisation unit (EstablishUnit)' })
  establish(
    @Body() body: EstablishUnitRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new EstablishUnitCommand(meta, body));
  }
}
