import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@asn/event-store';
import { projectionStatus } from '@asn/projections';
import { AppConfig } from '../config/app-config';
import { ReadSide } from '../queries/read-side';
import { Metrics } from './metrics';

export const PROBE_TIMEOUT_MS = 2000;

export type DependencyStatus = 'up' | 'down' | 'not-configured';

export interface ReadinessReport {
  /** `ok`: serving; `degraded`: commands work, queries may not (read store down or far behind); `unavailable`: 503. */
  status: 'ok' | 'degraded' | 'unavailable';
  /** Why the status is not ok, in one line per problem. */
  problems: string[];
  draining: boolean;
  eventStore: { status: 'up' | 'down'; position?: string };
  readStore: { status: DependencyStatus; kind?: 'memory' | 'redis' };
  projection: { checkpoint: string | null; lag: number | null };
}

/** Lag (log positions) above which readiness reports `degraded`; PROJECTION_LAG_DEGRADED overrides it. */
export const DEFAULT_DEGRADED_LAG = 10_000;

function within<T>(promise: Promise<T>, what: string, ms = PROBE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The readiness check of GET /health/ready: the event store must answer (else 503: nothing can be
 * written); the read store (Redis when REDIS_URL is set) and the projection lag are reported, and only
 * degrade the answer, because commands keep working without them. Draining (shutdown) is unavailable.
 * Inject it anywhere (it is exported by ObservabilityModule); it also refreshes the readiness gauges.
 */
@Injectable()
export class Readiness {
  private draining = false;
  private readonly degradedLag: number;

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly metrics?: Metrics,
  ) {
    const raw = Number(process.env.PROJECTION_LAG_DEGRADED);
    this.degradedLag = Number.isInteger(raw) && raw > 0 ? raw : DEFAULT_DEGRADED_LAG;
  }

  /** From now on the instance reports unavailable, so a load balancer stops sending it traffic. */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async check(): Promise<ReadinessReport> {
    const problems: string[] = [];
    const report: ReadinessReport = {
      status: 'ok',
      problems,
      draining: this.draining,
      eventStore: { status: 'down' },
      readStore: { status: 'not-configured' },
      projection: { checkpoint: null, lag: null },
    };
    const readSide = this.readSide();
    const [head, ping] = await Promise.allSettled([
      within(this.eventStore.headPosition(), 'event store'),
      readSide ? within(readSide.store.ping(), 'read store') : Promise.resolve(undefined),
    ]);
    if (head.status === 'fulfilled') report.eventStore = { status: 'up', position: head.value };
    else problems.push(`event store unreachable: ${(head.reason as Error).message}`);
    if (readSide) {
      const up = ping.status === 'fulfilled' && ping.value === true;
      report.readStore = { status: up ? 'up' : 'down', kind: readSide.store.kind };
      if (!up) {
        const why = ping.status === 'rejected' ? (ping.reason as Error).message : 'ping failed';
        problems.push(`read store (${readSide.store.kind}) unreachable: ${why}`);
      } else if (head.status === 'fulfilled') {
        await this.projection(readSide, report);
      }
    }
    if (this.draining) problems.push('shutting down: finishing the commands in flight');
    if (this.draining || report.eventStore.status === 'down') report.status = 'unavailable';
    else if (problems.length) report.status = 'degraded';
    this.record(report);
    return report;
  }

  private async projection(readSide: ReadSide, report: ReadinessReport): Promise<void> {
    try {
      const status = await within(
        projectionStatus(readSide.store, this.eventStore, this.config.INSTANSI, null),
        'projection status',
      );
      report.projection = { checkpoint: status.checkpoint, lag: status.lag };
      if (status.lag !== null && status.lag > this.degradedLag) {
        report.problems.push(`read models are ${status.lag} positions behind the log`);
      }
    } catch (error) {
      report.problems.push(`projection status unknown: ${(error as Error).message}`);
    }
  }

  /** The read side, when QueriesModule is part of the app. */
  private readSide(): ReadSide | undefined {
    try {
      return this.moduleRef.get(ReadSide, { strict: false });
    } catch {
      return undefined;
    }
  }

  private record(report: ReadinessReport): void {
    const m = this.metrics;
    if (!m) return;
    m.logHead.set(Metrics.positionValue(report.eventStore.position));
    m.dependencyUp.set({ dependency: 'event-store' }, report.eventStore.status === 'up' ? 1 : 0);
    if (report.readStore.status !== 'not-configured') {
      m.dependencyUp.set({ dependency: 'read-store' }, report.readStore.status === 'up' ? 1 : 0);
    }
    m.projectionCheckpoint.set(Metrics.positionValue(report.projection.checkpoint));
    m.projectionLag.set(report.projection.lag ?? -1);
  }
}
