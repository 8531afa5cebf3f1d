/**
 * The roster of a 500-position unit and the dashboard summary, read from the Redis read models:
 *
 *   node -r ./apps/swc-register.js -r tsconfig-paths/register test/bench/roster.bench.ts [--quick]
 *     [--employees 10000] [--samples 200] [--json out.json]
 *
 * Projects a synthetic city into Redis DB 13 (BENCH_ROSTER_REDIS_URL to change; the DB is flushed before and
 * after), then times `ProjectionQueries.roster` on the big unit: right after a write to one of its holders
 * (an event appended and projected before each query: the checked figure, target p99 < 10 ms), unchanged
 * since the last read, and cold (a new ProjectionQueries per query: everything read and parsed); and the
 * whole-city dashboard summary, unchanged and after a write.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { SqliteEventStore } from '@asn/event-store';
import {
  controlKeys,
  ProjectionQueries,
  readModelKeys,
  RedisReadModelStore,
  runProjection,
} from '@asn/projections';
import { arg, flag, percentile, round } from '../support/history/bench-utils';
import { generateCity } from '../support/synthetic/synthetic-city';
import { SYNTHETIC_TODAY } from '../support/synthetic/synthetic-history';

const INSTANSI = '3374';
const WARM_UP = 20;

export interface RosterBenchOptions {
  /** Employees of the synthetic city (default 10,000; 2,000 with quick). */
  employees?: number;
  /** Timed queries per case (default 200; 40 with quick). */
  samples?: number;
  quick?: boolean;
  redisUrl?: string;
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  /** CPU time of this process per query (Redis not included): what other processes' load does not inflate. */
  cpuP50Ms: number;
}

export interface RosterBenchResult {
  events: number;
  rosterPositions: number;
  rosterHolders: number;
  rosterAfterWrite: Latency;
  rosterUnchanged: Latency;
  rosterCold: Latency;
  dashboardAfterWrite: Latency;
  dashboardUnchanged: Latency;
  /** The checked figure: roster p99 after a write to one of its holders, against 10 ms. */
  rosterP99Ms: number;
  loadAverage: number[];
}

interface Sample {
  wall: number;
  cpu: number;
}

const latency = (samples: Sample[]): Latency => {
  const wall = samples.map((s) => s.wall);
  return {
    p50Ms: round(percentile(wall, 50)),
    p99Ms: round(percentile(wall, 99)),
    cpuP50Ms: round(
      percentile(
        samples.map((s) => s.cpu),
        50,
      ),
    ),
  };
};

async function flushDb(url: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  await client.flushDb();
  client.destroy();
}

/** Times `query` `samples` times after `WARM_UP` untimed runs; `before` runs untimed ahead of each one. */
async function timed(samples: number, query: () => Promise<unknown>, before?: (i: number) => Promise<void>) {
  const out: Sample[] = [];
  for (let i = 0; i < samples + WARM_UP; i++) {
    await before?.(i);
    const cpu = process.cpuUsage();
    const t = performance.now();
    await query();
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (i >= WARM_UP) out.push({ wall, cpu: (used.user + used.system) / 1000 });
  }
  return out;
}

export async function runRosterBench(options: RosterBenchOptions = {}): Promise<RosterBenchResult> {
  const quick = options.quick ?? false;
  const url = options.redisUrl ?? process.env.BENCH_ROSTER_REDIS_URL ?? 'redis://127.0.0.1:6379/13';
  const samples = options.samples ?? (quick ? 40 : 200);
  const dir = mkdtempSync(join(tmpdir(), 'asn-bench-roster-'));
  const log = new SqliteEventStore(join(dir, 'events.sqlite'));
  await flushDb(url);
  const store = await RedisReadModelStore.connect({ url });
  try {
    const city = await generateCity(log, {
      seed: 2025,
      opd: quick ? 10 : 50,
      bidangPerOpd: 5,
      employees: options.employees ?? (quick ? 2000 : 10000),
      moveRounds: 4,
      trainingsPerEmployee: 3,
      bigUnitPositions: 500,
    }).then(({ events, bigUnitId }) => ({ events, bigUnitId }));
    const keys = readModelKeys(INSTANSI, 1);
    const project = (after: string) =>
      runProjection({
        eventStore: log,
        store,
        keys,
        guards: () => [],
        after,
        batchSize: 1000,
        signal: new AbortController().signal,
        untilCaughtUp: true,
      });
    let checkpoint = await project('0');
    await store.set(controlKeys(INSTANSI).alias, '1');

    const queries = new ProjectionQueries(store, INSTANSI);
    const roster = () => queries.roster(city.bigUnitId, SYNTHETIC_TODAY, 0);
    const first = (await roster()).body!;
    const holders = first.positions.flatMap((p) => p.holders.map((h) => h.nip));
    // A fact about one holder, appended and projected: the checkpoint moves and that holder's hash changes.
    const writeToHolder = async (i: number) => {
      const nip = holders[(i * 37) % holders.length];
      await log.append(`staffing-${INSTANSI}`, [absence(nip)], 'any');
      checkpoint = await project(checkpoint);
    };

    const rosterAfterWrite = await timed(samples, roster, writeToHolder);
    const rosterUnchanged = await timed(samples, roster);
    const rosterCold = await timed(Math.ceil(samples / 4), () =>
      new ProjectionQueries(store, INSTANSI, undefined, 0).roster(city.bigUnitId, SYNTHETIC_TODAY, 0),
    );
    const dashboard = () => queries.dashboard(undefined, SYNTHETIC_TODAY);
    const dashboardSamples = Math.ceil(samples / 4);
    const dashboardAfterWrite = await timed(dashboardSamples, dashboard, writeToHolder);
    const dashboardUnchanged = await timed(dashboardSamples, dashboard);
    const afterWrite = latency(rosterAfterWrite);
    return {
      events: city.events,
      rosterPositions: first.positions.length,
      rosterHolders: holders.length,
      rosterAfterWrite: afterWrite,
      rosterUnchanged: latency(rosterUnchanged),
      rosterCold: latency(rosterCold),
      dashboardAfterWrite: latency(dashboardAfterWrite),
      dashboardUnchanged: latency(dashboardUnchanged),
      rosterP99Ms: afterWrite.p99Ms,
      loadAverage: loadavg().map((l) => round(l, 1)),
    };
  } finally {
    await store.close();
    await log.close();
    await flushDb(url);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An absence long past: it changes the holder's hash, not the roster's answer. */
export function absence(nip: string) {
  return {
    id: randomUUID(),
    type: 'AbsenceRecorded',
    data: { nip, from: '2001-01-01', to: '2001-01-02', reason: 'bench' },
    metadata: {
      eventId: randomUUID(),
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: 'bench',
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const employees = arg(args, '--employees');
  const samples = arg(args, '--samples');
  runRosterBench({
    quick: flag(args, '--quick'),
    employees: employees ? Number(employees) : undefined,
    samples: samples ? Number(samples) : undefined,
  }).then(
    (result) => {
      process.stdout.write(
        `${JSON.stringify(result, null, 2)}\n${cpus().length} cores; roster p99 after a write ` +
          `${result.rosterP99Ms} ms (target < 10 ms)\n`,
      );
      const jsonFile = arg(args, '--json');
      if (jsonFile) writeFileSync(jsonFile, JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
