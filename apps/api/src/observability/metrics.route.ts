import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Metrics } from './metrics';
import { Readiness } from './readiness';

export const METRICS_PATH = '/metrics';

/**
 * Serves GET /metrics (Prometheus text format) on the Fastify instance itself: outside the /api/v1 prefix,
 * without token or rate limit, like the health probes. Restrict it at the network edge.
 * Each scrape refreshes the readiness gauges (log head, projection checkpoint and lag).
 */
@Injectable()
export class MetricsRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (
      !fastify ||
      typeof fastify.get !== 'function' ||
      fastify.hasRoute({ method: 'GET', url: METRICS_PATH })
    )
      return;
    fastify.get(METRICS_PATH, async (_request, reply) => {
      await this.readiness.check().catch(() => undefined);
      const body = await this.metrics.text();
      return reply
        .header('content-type', this.metrics.contentType)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }
}
