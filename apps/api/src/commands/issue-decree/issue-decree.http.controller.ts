import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { DryRun } from '@asn/domain';
import type { FastifyReply } from 'fastify';
import { CommandGateway } from '../../write/command-gateway';
import { CommandMeta, WriteMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { CommandEndpoint } from '../shared/command-endpoint.decorator';
import {
  ActingLineDto,
  AppointLineDto,
  EndActingLineDto,
  ExtendActingLineDto,
  ReassignLineDto,
  RedeployLineDto,
} from './decree-line.request.dto';
import { IssueDecreeCommand } from './issue-decree.command';
import { IssueDecreeRequestDto } from './issue-decree.request.dto';

@ApiTags('placements')
@ApiExtraModels(
  AppointLineDto,
  ReassignLineDto,
  ActingLineDto,
  ExtendActingLineDto,
  EndActingLineDto,
  RedeployLineDto,
)
@Controller('decrees')
export class IssueDecreeHttpController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @CommandEndpoint()
  @ApiOperation({ summary: 'Issue a decree: all lines apply atomically or none does (IssueDecree)' })
  @ApiResponse({
    status: 200,
    description: 'dryRun: { valid, violations, warnings, changes }; nothing written',
  })
  @ApiResponse({
    status: 413,
    description: `PAYLOAD_TOO_LARGE: body over the limit or more lines than allowed`,
  })
  issue(
    @Body() body: IssueDecreeRequestDto,
    @WriteMeta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommandResponse | DryRun> {
    return this.gateway.send(reply, meta, new IssueDecreeCommand(meta, body), body.dryRun ? 200 : 201);
  }
}
