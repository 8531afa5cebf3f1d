import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Metrics } from './metrics';
import { Readiness } from './readiness';

export interface ShutdownOptions {
  /** Longest wait for the commands in flight (default SHUTDOWN_TIMEOUT_MS, else 10 s). */
  timeoutMs?: number;
  /** Wait this long after turning unready, so load balancers stop routing here (default SHUTDOWN_DELAY_MS, else 0). */
  delayMs?: number;
}

const envMs = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};

export function shutdownOptions(options: ShutdownOptions = {}): Required<ShutdownOptions> {
  return {
    timeoutMs: options.timeoutMs ?? envMs('SHUTDOWN_TIMEOUT_MS', 10_000),
    delayMs: options.delayMs ?? envMs('SHUTDOWN_DELAY_MS', 0),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * On SIGTERM/SIGINT (app.enableShutdownHooks) or app.close(): readiness turns 503, new commands are refused
 * with 503, and the commands in flight finish (their append is durable and answered) before Fastify closes
 * and the event store is closed (onApplicationShutdown, which runs after this hook).
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly options: Required<ShutdownOptions>;

  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
  ) {
    this.options = shutdownOptions();
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.readiness.startDraining();
    const inFlight = await this.inFlight();
    this.logger.log(`${signal ?? 'close'}: draining, ${inFlight} command(s) in flight`);
    if (this.options.delayMs > 0) await sleep(this.options.delayMs);
    const deadline = Date.now() + this.options.timeoutMs;
    while ((await this.inFlight()) > 0 && Date.now() < deadline) await sleep(10);
    const left = await this.inFlight();
    if (left > 0) this.logger.warn(`${left} command(s) still in flight after ${this.options.timeoutMs} ms`);
  }

  private async inFlight(): Promise<number> {
    const { values } = await this.metrics.commandsInFlight.get();
    return values[0]?.value ?? 0;
  }
}
