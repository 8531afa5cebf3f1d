/**
 * `npm run bench:projections`: rebuilds a city's seeded history (test/support/history, the generator of
 * `npm run cli -- seed`: every command decided like the api) into Redis and reports the rebuild rate next to
 * the raw read rate of the event store (the same events read and parsed, no projection work: the projector
 * cannot be faster than reading the log), plus the roster latency of the largest unit: after a write to one
 * of its holders (the checked figure: cached answers and states are invalid, unchanged entities are reused),
 * unchanged since the last read, and with no cache at all. Targets: rebuild >= 100k events/s and >= half the
 * raw read rate; roster p99 < 10 ms. Uses Redis DB 15 (BENCH_REDIS_URL to change), flushed before and after.
 *
 * The history: BENCH_EMPLOYEES (default 15,000) employees over BENCH_YEARS (default 10) years at a realistic
 * yearly density (4 trainings, 3 absences, half a flexible-work arrangement per employee): ~1.3 million
 * events. Generating it takes minutes, so it is kept under os.tmpdir() keyed by its options and copied for
 * each run (the roster part appends to the copy); BENCH_FRESH_HISTORY=1 generates it again.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { HashChainedEventStore, SqliteEventStore } from '@asn/event-store';
import {
  controlKeys,
  ProjectionQueries,
  projectedStreamPrefixes,
  readModelKeys,
  RedisReadModelStore,
  runProjection,
} from '@asn/projections';
import { flushRedisDb } from '@asn/testing';
import type { HistoryOptions } from '../support/history/generator';
import { seedHistory } from '../support/history/seed';
import { absence } from './roster.bench';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const INSTANSI = '3374';
const RUNS = 3;
/** Events per rebuild batch (one Lua script with its checkpoint), as the projector's rebuild uses. */
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 1000);
/** Events per page read from the log (the projector's page size). */
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 1000);

const HISTORY: HistoryOptions = {
  employees: Number(process.env.BENCH_EMPLOYEES ?? 15_000),
  years: Number(process.env.BENCH_YEARS ?? 10),
  seed: 3374,
  instansi: INSTANSI,
  trainingsPerYear: 4,
  absencesPerYear: 3,
  workArrangementsPerYear: 0.5,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** What the bench needs to know of a generated history (the cache keeps it beside the events). */
interface HistoryInfo {
  events: number;
  employees: number;
  positions: number;
  units: number;
  /** The unit with the most positions: the roster measured. */
  bigUnitId: string;
  bigUnitPositions: number;
  /** The first day after the history: the roster's date. */
  today: string;
  generatedSeconds: number;
}

/** The seeded history as an events.sqlite under os.tmpdir(), generated once per set of options. */
async function cachedHistory(): Promise<{ file: string; info: HistoryInfo; cached: boolean }> {
  const key = createHash('sha1').update(JSON.stringify(HISTORY)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `asn-bench-history-${key}`);
  const file = join(dir, 'events.sqlite');
  const infoFile = join(dir, 'history.json');
  if (existsSync(infoFile) && process.env.BENCH_FRESH_HISTORY !== '1')
    return { file, info: JSON.parse(readFileSync(infoFile, 'utf8')) as HistoryInfo, cached: true };
  // Written beside, then renamed: an interrupted generation never leaves a half history in the cache.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const store = new HashChainedEventStore(new SqliteEventStore(join(building, 'events.sqlite')));
  let reported = 0;
  const seeded = await seedHistory(store, {
    ...HISTORY,
    onProgress: (s) => {
      const events = s.staffingEvents + s.employeeEvents;
      if (events - reported < 200_000) return;
      reported = events;
      console.log(`  generating: ${fmt(events)} events...`);
    },
  }).finally(() => store.close());
  const perUnit = new Map<string, number>();
  for (const position of seeded.state.positions.values())
    perUnit.set(position.unitId, (perUnit.get(position.unitId) ?? 0) + 1);
  const [bigUnitId, bigUnitPositions] = [...perUnit].reduce((a, b) => (b[1] > a[1] ? b : a));
  const info: HistoryInfo = {
    events: seeded.staffingEvents + seeded.employeeEvents,
    employees: seeded.state.employees.size,
    positions: seeded.state.positions.size,
    units: seeded.state.units.size,
    bigUnitId,
    bigUnitPositions,
    today: `${2019 + (HISTORY.years ?? 5)}-01-01`,
    generatedSeconds: seeded.seconds,
  };
  writeFileSync(join(building, 'history.json'), JSON.stringify(info));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return { file, info, cached: false };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'asn-bench-projections-'));
  let t = performance.now();
  const history = await cachedHistory();
  const city = history.info;
  copyFileSync(history.file, join(dir, 'events.sqlite'));
  const log = new SqliteEventStore(join(dir, 'events.sqlite'), { pageSize: PAGE_SIZE });
  await flushRedisDb(REDIS_URL);
  const store = await RedisReadModelStore.connect({ url: REDIS_URL });
  try {
    const head = await log.headPosition();
    console.log(
      `history: ${fmt(city.events)} events (${fmt(city.employees)} employees, ${fmt(city.positions)} positions, ` +
        `${fmt(city.units)} units; ${HISTORY.years} years), ` +
        (history.cached
          ? `generated earlier in ${city.generatedSeconds.toFixed(0)} s, copied from ${history.file}`
          : `generated in ${city.generatedSeconds.toFixed(0)} s into ${history.file}`) +
        ` (${((performance.now() - t) / 1000).toFixed(1)} s here); load average ${load()} on ${cpus().length} cores`,
    );

    /** Events per second of reading the projected streams whole, RUNS times. */
    const readRates = async (omitMetadata: boolean): Promise<number[]> => {
      const rates: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        let after = '0';
        let count = 0;
        for (;;) {
          const page = await log.readAll({
            after,
            maxCount: PAGE_SIZE,
            filter: { streamPrefixes: projectedStreamPrefixes(INSTANSI) },
            omitMetadata,
          });
          if (page.length === 0) break;
          count += page.length;
          after = page[page.length - 1].position;
        }
        rates.push(count / ((performance.now() - started) / 1000));
      }
      return rates;
    };
    const fullReadRates = await readRates(false);
    // The same read without the metadata column, as the projector reads (it never uses the metadata):
    // reported beside the store's full read, which is the figure the target is set against.
    const envelopeReadRates = await readRates(true);

    const rebuildRates: number[] = [];
    let version = 0;
    for (let run = 0; run < RUNS; run++) {
      version = run + 1;
      const keys = readModelKeys(INSTANSI, version);
      await store.dropPrefix(readModelKeys(INSTANSI, version - 1).prefix);
      t = performance.now();
      await runProjection({
        eventStore: log,
        store,
        keys,
        guards: () => [],
        after: '0',
        batchSize: BATCH_SIZE,
        signal: new AbortController().signal,
        untilCaughtUp: true,
      });
      rebuildRates.push(city.events / ((performance.now() - t) / 1000));
    }
    await store.set(controlKeys(INSTANSI).alias, String(version));

    // Raw write ceiling of Redis here: the same number of HSETs, pipelined 1,000 at a time, no projection.
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    t = performance.now();
    for (let i = 0; i < city.events; i += 1000) {
      const multi = client.multi();
      for (let j = i; j < Math.min(i + 1000, city.events); j++)
        multi.hSet(`raw:{${INSTANSI}}:${j % 5000}`, `f${j}`, 'x'.repeat(200));
      await multi.execAsPipeline();
    }
    const rawRedisWrites = city.events / ((performance.now() - t) / 1000);
    client.destroy();

    const rosterLatencies = async (queries: ProjectionQueries) => {
      const out: number[] = [];
      for (let i = 0; i < 220; i++) {
        t = performance.now();
        await queries.roster(city.bigUnitId, city.today, 0);
        if (i >= 20) out.push(performance.now() - t);
      }
      return out;
    };
    const queries = new ProjectionQueries(store, INSTANSI);
    const roster = await queries.roster(city.bigUnitId, city.today, 0);
    // Cold: every query reads the read models from Redis; warm: the state is reused while nothing changed.
    const latencies = await rosterLatencies(new ProjectionQueries(store, INSTANSI, undefined, 0));
    const warm = await rosterLatencies(queries);
    // After a write: an event about one of the roster's holders is appended and projected before each query,
    // so the checkpoint moves and the cached answer and state are invalid; the holder is read again.
    const holders = roster.body!.positions.flatMap((p) => p.holders.map((h) => h.nip));
    const liveKeys = readModelKeys(INSTANSI, version);
    let checkpoint = (await store.hget(liveKeys.meta, 'checkpoint')) ?? '0';
    const afterWrite: number[] = [];
    for (let i = 0; i < 120; i++) {
      const nip = holders[(i * 37) % holders.length];
      await log.append(`staffing-${INSTANSI}`, [absence(nip)], 'any');
      checkpoint = await runProjection({
        eventStore: log,
        store,
        keys: liveKeys,
        guards: () => [],
        after: checkpoint,
        batchSize: 1000,
        signal: new AbortController().signal,
        untilCaughtUp: true,
      });
      t = performance.now();
      await queries.roster(city.bigUnitId, city.today, 0);
      if (i >= 20) afterWrite.push(performance.now() - t);
    }
    const dashboard: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await new ProjectionQueries(store, INSTANSI, undefined, 0).dashboard(undefined, city.today);
      dashboard.push(performance.now() - t);
    }

    const rebuild = median(rebuildRates);
    const read = median(fullReadRates);
    const envelopeRead = median(envelopeReadRates);
    const p99 = percentile(afterWrite, 99);
    const results = {
      events: city.events,
      head,
      rebuildEventsPerSecond: Math.round(rebuild),
      storeReadEventsPerSecond: Math.round(read),
      rebuildShareOfRead: Number((rebuild / read).toFixed(2)),
      storeReadWithoutMetadataEventsPerSecond: Math.round(envelopeRead),
      rebuildShareOfReadWithoutMetadata: Number((rebuild / envelopeRead).toFixed(2)),
      redisRawPipelinedHsetPerSecond: Math.round(rawRedisWrites),
      rosterPositions: roster.body?.positions.length ?? 0,
      rosterColdP50Ms: Number(percentile(latencies, 50).toFixed(2)),
      rosterColdP99Ms: Number(percentile(latencies, 99).toFixed(2)),
      rosterAfterWriteP50Ms: Number(percentile(afterWrite, 50).toFixed(2)),
      rosterP99Ms: Number(p99.toFixed(2)),
      rosterWarmP99Ms: Number(percentile(warm, 99).toFixed(2)),
      wholeCityDashboardMedianMs: Number(median(dashboard).toFixed(0)),
    };
    console.log('');
    console.log(
      `rebuild into Redis           ${fmt(rebuild)} events/s (median of ${RUNS}; runs: ${rebuildRates.map(fmt).join(', ')})`,
    );
    console.log(
      `raw read rate of the store   ${fmt(read)} events/s (SQLite readAll, 1,000-event pages, parsed)`,
    );
    console.log(
      `  without metadata           ${fmt(envelopeRead)} events/s (the columns the projector reads: envelope and data)`,
    );
    console.log(
      `rebuild / raw read           ${(rebuild / read).toFixed(2)}  (target >= 0.5); ${(rebuild / envelopeRead).toFixed(2)} of the read without metadata`,
    );
    console.log(
      `Redis raw pipelined HSET     ${fmt(rawRedisWrites)} writes/s (context: the store's own ceiling here)`,
    );
    console.log(
      `roster of ${results.rosterPositions} positions   after a write to one of its holders: p50 ${results.rosterAfterWriteP50Ms} ms, p99 ${results.rosterP99Ms} ms (target p99 < 10 ms); unchanged since the last read: p99 ${results.rosterWarmP99Ms} ms; no cache at all (everything read and parsed, ${holders.length} holders): p50 ${results.rosterColdP50Ms} ms, p99 ${results.rosterColdP99Ms} ms`,
    );
    console.log(
      `dashboard, whole city        ${results.wholeCityDashboardMedianMs} ms (median of 5, read from Redis)`,
    );
    const ok = rebuild >= 100_000 && rebuild >= read / 2 && p99 < 10;
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`\n${ok ? 'PASS' : 'BELOW TARGET'}: ${JSON.stringify(results)}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await store.close();
    await log.close();
    await flushRedisDb(REDIS_URL);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
