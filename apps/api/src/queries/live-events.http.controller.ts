import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { ReadSide } from './read-side';

const KEEP_ALIVE_MS = 15_000;

@ApiTags('queries')
@ApiBearerAuth()
@Roles('viewer', 'hr-admin', 'auditor')
@Controller('events')
export class LiveEventsHttpController {
  constructor(private readonly readSide: ReadSide) {}

  /** Server-Sent Events: one `projection` event per committed batch (position and the events in it). */
  @Get('live')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Server-Sent Events: each projected change, for live dashboards' })
  async live(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const checkpoint = await this.readSide.queries.checkpoint();
    raw.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ position: checkpoint })}\n\n`);
    const unsubscribe = await this.readSide.subscribeChanges((message) => {
      const { position } = JSON.parse(message) as { position: string };
      raw.write(`id: ${position}\nevent: projection\ndata: ${message}\n\n`);
    });
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      void unsubscribe();
    });
  }
}
