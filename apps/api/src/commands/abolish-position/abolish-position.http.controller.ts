import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../validation/id.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { AbolishPositionCommand } from './abolish-position.command';
import { AbolishPositionRequestDto } from './abolish-position.request.dto';

@ApiTags('structure')
@Controller('positions')
export class AbolishPositionHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':id/abolish')
  @CommandEndpoint({ ifMatch: 'the position' })
  @ApiOperation({ summary: 'Abolish a position under a decree (AbolishPosition)' })
  abolish(
    @Param('id', IdPipe) id: string,
    @Body() body: AbolishPositionRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new AbolishPositionCommand(meta, id, body));
  }
}
