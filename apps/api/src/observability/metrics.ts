import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a command ended, as a metric label: `accepted`, or the problem code in lower case (`rule_violation`). */
export type CommandOutcome = string;

/** Latency buckets (seconds): a command is one append, ~1-50 ms; a 1,000-line decree can take seconds. */
const BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The api's Prometheus metrics, in a registry of its own (several apps in one test process never collide).
 * Command metrics are recorded by CommandRouteGuard and HttpObservability; the write pipeline may also call
 * `observeCommand` or `startCommand` directly.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'asn_commands_total',
    help: 'Commands handled, by command type and outcome (accepted or the problem code)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly commandSeconds = new Histogram({
    name: 'asn_command_duration_seconds',
    help: 'Command latency from validation to the durable append, by command type and outcome',
    labelNames: ['type', 'outcome'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });
  readonly commandsInFlight = new Gauge({
    name: 'asn_commands_in_flight',
    help: 'Commands being decided or written right now',
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'asn_projection_lag_positions',
    help: 'Log positions between the read models checkpoint and the head of the log (-1: unknown)',
    registers: [this.registry],
  });
  readonly projectionCheckpoint = new Gauge({
    name: 'asn_projection_checkpoint_position',
    help: 'Global log position the read models have projected (-1: unknown)',
    registers: [this.registry],
  });
  readonly logHead = new Gauge({
    name: 'asn_event_log_head_position',
    help: 'Global log position of the last event (-1: event store unreachable)',
    registers: [this.registry],
  });
  readonly dependencyUp = new Gauge({
    name: 'asn_dependency_up',
    help: '1 when a dependency answers the readiness probe, else 0',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeCommand(type: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ type, outcome });
    this.commandSeconds.observe({ type, outcome }, seconds);
  }

  /** Starts the clock of one command: `const done = metrics.startCommand('EstablishUnit'); ... done('accepted')`. */
  startCommand(type: string): (outcome: CommandOutcome) => void {
    const started = process.hrtime.bigint();
    this.commandsInFlight.inc();
    let done = false;
    return (outcome) => {
      if (done) return;
      done = true;
      this.commandsInFlight.dec();
      this.observeCommand(type, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    };
  }

  /** A position as a gauge value: "123" -> 123, "commit/prepare" (EventStoreDB) -> commit, else -1. */
  static positionValue(position: string | null | undefined): number {
    const match = position ? /^(\d+)/.exec(position) : null;
    return match ? Number(match[1]) : -1;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
