/**
 * Commands (and queries) through HTTP against the api as `npm start` runs it: embedded SQLite store
 * (WAL, synchronous=FULL, group commit), in-process read models, on a fresh DATA_DIR.
 *
 *   npm run bench:commands -- [--quick] [--employees 15000] [--seconds 20] [--concurrency 64] [--rate 2000]
 *                             [--disk-probe-seconds 10] [--no-queries] [--json out.json]
 *
 * 1. Preload: a Semarang-like instansi with its structure and `--employees` employees, registered and
 *    placed, written through the same decide and hash-chained store as the api (test/support/history).
 * 1b. Disk probe: how long an 8 KB overwrite + fdatasync takes in DATA_DIR with nothing else running (the
 *    floor under a durable command's latency; see DiskSyncFigures).
 * 2. Start the api as a child process (swc hook, LOG_LEVEL=warn so request logs do not measure stdout).
 * 3. Full load: `--concurrency` requests in flight on keep-alive connections for `--seconds`.
 * 4. Fixed rate: 2,000 commands/s, open loop (each request is sent at its scheduled time whatever the
 *    answers do; latency counts from that time, so a stalled server cannot hide its queue).
 * 5. Queries, one at a time: unit roster, employee profile, dashboard summary, bitemporal roster.
 * The mix: 40% promotions, 30% absences, 20% one-line reassignments (mutasi), 10% trainings (employee
 * streams). Every answer must be 201 (commands) or 200 (queries); anything else fails the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, isManajerial, PNS_RANKS, type StaffingState } from '@asn/domain';
import { HashChainedEventStore, SqliteEventStore } from '@asn/event-store';
import { tokenFor } from '@asn/testing';
import { arg, flag, maxOf, percentile, processCpuMs, round } from '../support/history/bench-utils';
import { seedHistory } from '../support/history/seed';

export interface LatencyFigures {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** CPU time (all threads) of the api process and of this load generator per request, when measured. */
  apiCpuMsPerRequest?: number;
  /** The same for the api's main thread alone (its event loop: what bounds the throughput). */
  apiMainThreadCpuMsPerRequest?: number;
  clientCpuMsPerRequest?: number;
}

/**
 * The disk under DATA_DIR on its own: 8 KB overwritten and `fdatasync`ed in a loop, nothing else running.
 * An acknowledged command waits for one such sync (group commit), so a sync that stalls is a floor under
 * the commands' p99 that no code above it removes.
 */
export interface DiskSyncFigures {
  seconds: number;
  syncs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Syncs that took over 20 ms (the p99 target). */
  over20Ms: number;
  /** Share of the probe's time spent in syncs beyond their first 20 ms. */
  stalledShare: number;
}

export interface CommandsResult {
  /** Measured before the api starts, in the same DATA_DIR. */
  diskSync: DiskSyncFigures;
  employees: number;
  preloadEvents: number;
  preloadSeconds: number;
  apiStartSeconds: number;
  concurrency: number;
  fullLoad: LatencyFigures;
  fixedRate: LatencyFigures & { targetPerSecond: number };
  queries: Record<'roster' | 'employee' | 'dashboard' | 'bitemporalRoster', LatencyFigures>;
  errorSamples: string[];
}

interface Options {
  employees: number;
  seconds: number;
  concurrency: number;
  rate: number;
  queryRepeats: number;
  diskProbeSeconds: number;
  log: (line: string) => void;
}

const ROOT = join(__dirname, '..', '..');

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

class Client {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    private readonly token: string,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(request: Request): Promise<{ status: number; body: string }> {
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: request.path,
          method: request.method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Valid commands for the preloaded city: placed PNS far from retirement, nonmanajerial targets. */
class Workload {
  private readonly people: { nip: string; rank: number; kind: string; level: string | null }[] = [];
  private readonly targets = new Map<string, string[]>();
  private next = 0;
  private seq = 0;
  private readonly tmt: string;
  private readonly trainingStart: string;

  constructor(state: StaffingState, today: string) {
    this.tmt = `${addDays(today, 40).slice(0, 7)}-01`;
    this.trainingStart = addDays(today, -20);
    for (const position of state.positions.values()) {
      if (isManajerial(position.kind)) continue;
      const key = `${position.kind}|${position.level ?? ''}`;
      const list = this.targets.get(key) ?? [];
      list.push(position.positionId);
      this.targets.set(key, list);
    }
    for (const e of state.employees.values()) {
      const fact = e.placements.at(-1);
      if (!fact || e.separation || e.kind !== 'PNS' || e.birthDate < '1975-01-01') continue;
      const position = state.positions.get(fact.positionId);
      if (!position || isManajerial(position.kind)) continue;
      const rank = (PNS_RANKS as readonly string[]).indexOf(e.ranks.at(-1)?.value ?? '');
      this.people.push({ nip: e.nip, rank: Math.max(rank, 0), kind: position.kind, level: position.level });
    }
    if (this.people.length < 100) throw new Error(`only ${this.people.length} employees fit the workload`);
  }

  get size(): number {
    return this.people.length;
  }

  command(): Request {
    const person = this.people[this.next++ % this.people.length];
    const n = ++this.seq;
    const slot = n % 10;
    const decree = {
      number: `800/BENCH-${n}/2026`,
      signedOn: addDays(this.tmt, -15),
      signer: { name: 'Wali Kota Semarang' },
      kind: 'SK',
    };
    if (slot < 4) {
      person.rank = Math.min(person.rank + 1, PNS_RANKS.length - 1);
      return {
        method: 'POST',
        path: `/api/v1/employees/${person.nip}/promotions`,
        body: { rank: PNS_RANKS[person.rank], effectiveDate: this.tmt, decree },
      };
    }
    if (slot < 7) {
      return {
        method: 'POST',
        path: `/api/v1/employees/${person.nip}/absences`,
        body: { from: addDays(this.tmt, 2), to: addDays(this.tmt, 4), reason: 'Cuti tahunan' },
      };
    }
    if (slot < 9) {
      const options = this.targets.get(`${person.kind}|${person.level ?? ''}`) ?? [];
      const positionId = options[n % options.length];
      return {
        method: 'POST',
        path: `/api/v1/employees/${person.nip}/reassign`,
        body: { positionId, moveKind: 'MUTASI', effectiveDate: this.tmt, decree },
      };
    }
    return {
      method: 'POST',
      path: `/api/v1/employees/${person.nip}/trainings`,
      body: {
        code: 'TK-PBJ',
        name: 'Pengadaan Barang dan Jasa',
        category: 'TEKNIS',
        provider: 'BKPP Kota Semarang',
        certificateNumber: `CERT/BENCH/${n}`,
        startDate: this.trainingStart,
        endDate: addDays(this.trainingStart, 2),
        hours: 24,
      },
    };
  }

  someNip(i: number): string {
    return this.people[(i * 7919) % this.people.length].nip;
  }
}

export function diskSyncProbe(dir: string, seconds: number): DiskSyncFigures {
  const file = join(dir, 'disk-sync-probe');
  const block = Buffer.alloc(8192, 1);
  const blocks = 256;
  const fd = openSync(file, 'w');
  try {
    // Overwrite preallocated blocks, as SQLite does with its WAL once it has grown.
    for (let i = 0; i < blocks; i++) writeSync(fd, block, 0, block.length, i * block.length);
    fdatasyncSync(fd);
    const durations: number[] = [];
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    for (let i = 0; performance.now() < end; i++) {
      const s = performance.now();
      writeSync(fd, block, 0, block.length, (i % blocks) * block.length);
      fdatasyncSync(fd);
      durations.push(performance.now() - s);
    }
    const elapsed = performance.now() - t0;
    const stalled = durations.reduce((sum, d) => sum + Math.max(0, d - 20), 0);
    return {
      seconds: round(elapsed / 1000),
      syncs: durations.length,
      p50Ms: round(percentile(durations, 50)),
      p99Ms: round(percentile(durations, 99)),
      maxMs: round(maxOf(durations)),
      over20Ms: durations.filter((d) => d > 20).length,
      stalledShare: round(stalled / elapsed, 4),
    };
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

function figures(latencies: number[], seconds: number, errors: number): LatencyFigures {
  return {
    requests: latencies.length,
    seconds: round(seconds),
    perSecond: round(latencies.length / seconds, 0),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(maxOf(latencies)),
    errors,
  };
}

async function startApi(dataDir: string, port: number, secret: string): Promise<ChildProcess> {
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the api under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [
      // As `npm start` runs it: a young generation large enough that request garbage dies young.
      '--max-semi-space-size=32',
      ...nodeArgs,
      // Not ts-node: it loads node:repl and so node:domain, which slows every async callback.
      '-r',
      './apps/swc-register.js',
      '-r',
      'tsconfig-paths/register',
      'apps/api/src/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(port),
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        THROTTLE_LIMIT: '0',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the api exited with ${child.exitCode}: ${stderr}`);
    const ready = await new Promise<boolean>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: '/health/ready' }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ready) return child;
    if (Date.now() > deadline) throw new Error(`the api was not ready within 120 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runCommands(options: Options): Promise<CommandsResult> {
  const { log } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'asn-commands-'));
  const secret = randomBytes(32).toString('hex');
  const port = 3900 + Math.floor(Math.random() * 90);
  const errorSamples: string[] = [];
  let child: ChildProcess | undefined;
  try {
    let started = performance.now();
    const store = new HashChainedEventStore(new SqliteEventStore(join(dataDir, 'events.sqlite')));
    const seeded = await seedHistory(store, { employees: options.employees, years: 0, startYear: 2025 });
    await store.close();
    const preloadSeconds = (performance.now() - started) / 1000;
    log(
      `commands: preloaded ${seeded.staffingEvents} events (${options.employees} employees) in ${round(preloadSeconds, 1)} s`,
    );
    const diskSync = diskSyncProbe(dataDir, options.diskProbeSeconds);
    log(`commands: disk sync probe ${JSON.stringify(diskSync)}`);
    started = performance.now();
    child = await startApi(dataDir, port, secret);
    const apiStartSeconds = (performance.now() - started) / 1000;
    log(`commands: api ready in ${round(apiStartSeconds, 1)} s`);
    const today = new Date().toISOString().slice(0, 10);
    const workload = new Workload(seeded.state, today);
    const client = new Client(
      port,
      tokenFor(['hr-admin', 'auditor'], { secret, sub: 'bench' }),
      options.concurrency,
    );
    let errors = 0;
    const check = (status: number, body: string, expected: number, what: string): boolean => {
      if (status === expected) return true;
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${what}: ${status} ${body.slice(0, 300)}`);
      return false;
    };

    // Warm-up, then full load: a fixed number of requests in flight.
    const closedLoop = async (seconds: number, inFlight: number): Promise<LatencyFigures> => {
      const latencies: number[] = [];
      const before = errors;
      const end = performance.now() + seconds * 1000;
      const t0 = performance.now();
      const apiCpu0 = processCpuMs(child?.pid);
      const mainCpu0 = processCpuMs(child?.pid, true);
      const clientCpu0 = process.cpuUsage();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < end) {
            const request = workload.command();
            const s = performance.now();
            const { status, body } = await client.send(request);
            if (check(status, body, 201, `${request.method} ${request.path}`))
              latencies.push(performance.now() - s);
          }
        }),
      );
      const result = figures(latencies, (performance.now() - t0) / 1000, errors - before);
      const apiCpu1 = processCpuMs(child?.pid);
      const mainCpu1 = processCpuMs(child?.pid, true);
      const clientCpu = process.cpuUsage(clientCpu0);
      if (latencies.length > 0 && apiCpu0 !== undefined && apiCpu1 !== undefined) {
        result.apiCpuMsPerRequest = round((apiCpu1 - apiCpu0) / latencies.length, 3);
        if (mainCpu0 !== undefined && mainCpu1 !== undefined)
          result.apiMainThreadCpuMsPerRequest = round((mainCpu1 - mainCpu0) / latencies.length, 3);
        result.clientCpuMsPerRequest = round(
          (clientCpu.user + clientCpu.system) / 1000 / latencies.length,
          3,
        );
      }
      return result;
    };
    await closedLoop(Math.min(3, options.seconds), 16);
    const fullLoad = await closedLoop(options.seconds, options.concurrency);
    log(`commands: full load ${JSON.stringify(fullLoad)}`);

    // Fixed rate, open loop.
    const fixedRate = await new Promise<LatencyFigures>((resolve) => {
      const latencies: number[] = [];
      const before = errors;
      const total = Math.round(options.rate * options.seconds);
      const t0 = performance.now();
      let sent = 0;
      let done = 0;
      const tick = (): void => {
        // Request k is due at t0 + k / rate (so k + 1 requests are due once that time has come).
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * options.rate) + 1);
        for (; sent < due; sent++) {
          const scheduled = t0 + (sent / options.rate) * 1000;
          const request = workload.command();
          client.send(request).then(
            ({ status, body }) => {
              if (check(status, body, 201, `${request.method} ${request.path}`))
                latencies.push(performance.now() - scheduled);
              if (++done === total)
                resolve(figures(latencies, (performance.now() - t0) / 1000, errors - before));
            },
            (error: unknown) => {
              check(0, String(error), 201, request.path);
              if (++done === total)
                resolve(figures(latencies, (performance.now() - t0) / 1000, errors - before));
            },
          );
        }
        if (sent < total) setTimeout(tick, 1);
      };
      tick();
    });
    log(`commands: fixed rate ${JSON.stringify(fixedRate)}`);

    if (options.queryRepeats === 0) {
      client.close();
      const none = figures([], 1, 0);
      return {
        diskSync,
        employees: options.employees,
        preloadEvents: seeded.staffingEvents,
        preloadSeconds: round(preloadSeconds),
        apiStartSeconds: round(apiStartSeconds),
        concurrency: options.concurrency,
        fullLoad,
        fixedRate: { ...fixedRate, targetPerSecond: options.rate },
        queries: { roster: none, employee: none, dashboard: none, bitemporalRoster: none },
        errorSamples,
      };
    }
    // Queries, one at a time, after the projections caught up with the commands above.
    await new Promise((r) => setTimeout(r, 2000));
    const knownAt = new Date().toISOString();
    const query = async (
      path: (i: number) => string,
      repeats = options.queryRepeats,
    ): Promise<LatencyFigures> => {
      for (let i = 0; i < 20; i++) await client.send({ method: 'GET', path: path(i) }); // warm-up
      const latencies: number[] = [];
      const before = errors;
      const t0 = performance.now();
      for (let i = 0; i < repeats; i++) {
        const s = performance.now();
        const { status, body } = await client.send({ method: 'GET', path: path(i) });
        if (check(status, body, 200, path(i))) latencies.push(performance.now() - s);
      }
      return figures(latencies, (performance.now() - t0) / 1000, errors - before);
    };
    const units = ['dinkes', 'disdik', 'bkpp', 'kec-tembalang', 'setda', 'pkm05', 'kec-banyumanik-kel03'];
    const queries = {
      roster: await query((i) => `/api/v1/units/${units[i % units.length]}/roster`),
      employee: await query((i) => `/api/v1/employees/${workload.someNip(i)}`),
      dashboard: await query((i) => `/api/v1/dashboard/summary?unitId=${units[i % units.length]}`),
      bitemporalRoster: await query(
        (i) =>
          `/api/v1/audit/units/${units[i % units.length]}/roster?asOf=2025-06-01&knownAt=${encodeURIComponent(knownAt)}`,
        Math.min(options.queryRepeats, 100),
      ),
    };
    log(`commands: queries ${JSON.stringify(queries)}`);
    client.close();
    return {
      diskSync,
      employees: options.employees,
      preloadEvents: seeded.staffingEvents,
      preloadSeconds: round(preloadSeconds),
      apiStartSeconds: round(apiStartSeconds),
      concurrency: options.concurrency,
      fullLoad,
      fixedRate: { ...fixedRate, targetPerSecond: options.rate },
      queries,
      errorSamples,
    };
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function commandOptions(args: string[], log: (line: string) => void): Options {
  const quick = flag(args, '--quick');
  return {
    employees: Number(arg(args, '--employees') ?? (quick ? 3000 : 15000)),
    seconds: Number(arg(args, '--seconds') ?? (quick ? 3 : 20)),
    concurrency: Number(arg(args, '--concurrency') ?? 64),
    rate: Number(arg(args, '--rate') ?? 2000),
    queryRepeats: flag(args, '--no-queries') ? 0 : quick ? 50 : 500,
    diskProbeSeconds: Number(arg(args, '--disk-probe-seconds') ?? (quick ? 1 : 10)),
    log,
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  runCommands(commandOptions(args, (line) => process.stderr.write(`${line}\n`))).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      const jsonFile = arg(args, '--json');
      if (jsonFile) writeFileSync(jsonFile, JSON.stringify(result, null, 2));
      const errors =
        result.fullLoad.errors +
        result.fixedRate.errors +
        Object.values(result.queries).reduce((s, q) => s + q.errors, 0);
      process.exit(errors > 0 ? 1 : 0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
