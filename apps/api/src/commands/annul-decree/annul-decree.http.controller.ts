import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdPipe } from '../../validation/id.pipe';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import { AnnulDecreeCommand } from './annul-decree.command';
import { AnnulDecreeRequestDto } from './annul-decree.request.dto';

@ApiTags('placements')
@Controller('decrees')
export class AnnulDecreeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':id/annul')
  @CommandEndpoint({ ifMatch: 'the decree' })
  @ApiOperation({
    summary: 'Annul a decree: its changes no longer count from now on; history keeps both (AnnulDecree)',
  })
  annul(
    @Param('id', IdPipe) id: string,
    @Body() body: AnnulDecreeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse> {
    return this.gateway.send(reply, meta, new AnnulDecreeCommand(meta, id, body));
  }
}
