import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { EstablishPositionCommand } from './establish-position.command';
import { EstablishPositionRequestDto } from './establish-position.request.dto';

@ApiTags('structure')
@Controller('positions')
export class EstablishPositionHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @CommandEndpoint()
  @ApiOperation({ summary: 'Establish a position in a unit (EstablishPosition)' })
  establish(
    @Body() body: EstablishPositionRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new EstablishPositionCommand(meta, body));
  }
}
