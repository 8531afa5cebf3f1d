import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { EVENT_STORE, EventStore } from '@asn/event-store';
import { Public } from '../auth/roles.decorator';
import { ProblemException } from '../errors/problem';
import { PROBE_TIMEOUT_MS, Readiness, ReadinessReport } from '../observability/readiness';

type MinimalReport = { status: 'ok'; eventStore: { status: 'up'; position: string } };

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Present when ObservabilityModule is part of the app (createApp): event store, read store, lag.
    @Optional() private readonly readiness?: Readiness,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Event store, read store and projection lag; 503 when nothing can be written' })
  async ready(): Promise<ReadinessReport | MinimalReport> {
    if (this.readiness) {
      const report = await this.readiness.check();
      if (report.status === 'unavailable') throw unavailable(report.problems.join('; '));
      return report;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const position = await Promise.race([
        this.store.headPosition(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 2 s')), PROBE_TIMEOUT_MS);
        }),
      ]);
      return { status: 'ok', eventStore: { status: 'up', position } };
    } catch (error) {
      throw unavailable(`event store unreachable: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

const unavailable = (detail: string) =>
  new ProblemException('UNAVAILABLE', detail, undefined, { 'Retry-After': '1' });
