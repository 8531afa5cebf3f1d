/**
 * THE CURVE: command latency, memory and start-up time as one staffing stream grows to 10^4 … 10^7 events.
 *
 *   node -r ./apps/swc-register.js -r tsconfig-paths/register test/bench/curve.bench.ts [--sizes 1e5,1e6]
 *     [--probes 1000] [--replay-max 1e6] [--json out.json] [--keep DIR]
 *
 * One parent process builds the stream with the history generator: a 15,000-employee city at its usual
 * pace (~6,000 staffing events a year), so 10^7 events are ~1,650 years of history, started that long
 * before 2025 (entities keep realistic histories; only the stream gets long). Its commands are valid by construction;
 * their events are derived without the rule checks (trusted-events.ts), except one command in 97 that is
 * decided for real as a check, and written straight into the events table in large transactions. The
 * parent keeps the state (in the snapshot store's maps, all in memory) and saves a snapshot --catch-up
 * events (default 1,000) before each measuring point, as start-up would find it with a snapshot every
 * 2,000 events on average.
 * At each point a child process starts cold: loads the state (snapshot + catch-up), runs one command
 * cold, warms up the live part of the state (today's holders and positions), then decides and durably
 * appends the other probe commands one at a time (SqliteEventStore, synchronous=FULL); optionally it also
 * replays the whole stream without a snapshot. The probes are then deleted so the history continues.
 */
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_DOMAIN_CONFIG,
  addMonths,
  decideStaffing,
  evolveStaffing,
  initialStaffingState,
  staffingStream,
  type StaffingCommand,
  type StaffingEvent,
} from '@asn/domain';
import { SqliteEventStore, type EventToAppend } from '@asn/event-store';
import { loadState, SnapshotPolicy, warmUp } from '../../libs/snapshots/src/load-state';
import { SqliteSnapshotStore } from '../../libs/snapshots/src/snapshot-store';
import { HistoryGenerator } from '../support/history/generator';
import { trustedEvents } from '../support/history/trusted-events';
import { arg, flag, percentile } from '../support/history/bench-utils';

const STREAM = staffingStream('3374');
const EVENTS_PER_YEAR = 6_000;

export interface CurvePoint {
  /** Events in the stream at the measuring point. */
  events: number;
  /** The point asked for (a smaller stream cannot hold the whole city: see `events`). */
  requested: number;
  calendarDate: string;
  employeesEver: number;
  generationSeconds: number;
  snapshotWriteSeconds: number;
  snapshotFileMB: number;
  eventsFileMB: number;
  /** Start-up of a cold process: open the snapshot, catch up the events after it (`caughtUp`). */
  stateLoadSeconds: number;
  caughtUp: number;
  /** First command after start (reads the entities it touches from the snapshot). */
  firstCommandMs: number;
  /** Reading the live part of the state (today's holders, positions, units) after start, in the background. */
  warmUpSeconds: number;
  warmUpEntries: number;
  commands: number;
  rejected: number;
  firstRejection?: string;
  commandP50Ms: number;
  commandP99Ms: number;
  decideP50Ms: number;
  decideP99Ms: number;
  rssMBAfterLoad: number;
  rssMBAfterCommands: number;
  heapMBAfterCommands: number;
  /** Heap of the fully materialised state (the generating process, after GC). */
  fullStateHeapMB: number;
  /** Replay of the whole stream without a snapshot (not measured above --replay-max). */
  fullReplaySeconds: number | null;
}

interface ChildInput {
  eventsFile: string;
  snapshotFile: string;
  probesFile: string;
  today: string;
  replay: boolean;
}

type ChildOutput = Pick<
  CurvePoint,
  | 'stateLoadSeconds'
  | 'caughtUp'
  | 'firstCommandMs'
  | 'warmUpSeconds'
  | 'warmUpEntries'
  | 'commands'
  | 'rejected'
  | 'firstRejection'
  | 'commandP50Ms'
  | 'commandP99Ms'
  | 'decideP50Ms'
  | 'decideP99Ms'
  | 'rssMBAfterLoad'
  | 'rssMBAfterCommands'
  | 'heapMBAfterCommands'
  | 'fullReplaySeconds'
>;

const MB = 1024 * 1024;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

// ---- child: a cold api process at one point of the curve ------------------------------------------

async function child(input: ChildInput): Promise<ChildOutput> {
  const store = new SqliteEventStore(input.eventsFile);
  const snapshots = new SqliteSnapshotStore(input.snapshotFile);
  const loaded = await loadState(store, STREAM, snapshots, {
    policy: new SnapshotPolicy(Number.MAX_SAFE_INTEGER),
  });
  const stateLoadSeconds = loaded.durationMs / 1000;
  gc();
  const rssMBAfterLoad = process.memoryUsage().rss / MB;
  const state = loaded.state;
  const probes = JSON.parse(readFileSync(input.probesFile, 'utf8')) as StaffingCommand[];
  const ctx = { today: input.today, now: `${input.today}T03:00:00.000Z`, config: DEFAULT_DOMAIN_CONFIG };
  const latencies: number[] = [];
  const decides: number[] = [];
  let rejected = 0;
  let firstRejection: string | undefined;
  let warm = { entries: 0, durationMs: 0 };
  let firstCommandMs = 0;
  for (const [i, command] of probes.entries()) {
    if (i === 1) {
      // The first command ran cold (entities read on first use); warm up before the measured ones.
      firstCommandMs = latencies[0] ?? 0;
      latencies.length = 0;
      decides.length = 0;
      warm = await warmUp(state);
    }
    const started = performance.now();
    const decision = decideStaffing(command, state, ctx);
    decides.push(performance.now() - started);
    if (!decision.ok) {
      rejected++;
      firstRejection ??= `${command.type}: ${decision.violations.map((v) => `${v.code} ${v.message}`).join('; ')}`;
      continue;
    }
    const expected = state.revision;
    const events: EventToAppend[] = decision.events.map((event, n) => {
      evolveStaffing(state, event, state.revision + 1);
      const id = `probe-${i}-${n}-${expected}`;
      return {
        id,
        type: event.type,
        data: event.data,
        metadata: {
          eventId: id,
          commandId: `probe-${i}`,
          correlationId: `probe-${i}`,
          causationId: `probe-${i}`,
          actor: 'bench',
          recordedAt: ctx.now,
          schemaVersion: 1,
          decree: null,
        },
      };
    });
    await store.append(STREAM, events, expected);
    latencies.push(performance.now() - started);
  }
  gc();
  const memory = process.memoryUsage();
  let fullReplaySeconds: number | null = null;
  if (input.replay) {
    const started = performance.now();
    const fresh = initialStaffingState();
    for (;;) {
      const page = await store.readStream(STREAM, { fromRevision: fresh.revision + 1, maxCount: 10_000 });
      for (const event of page)
        evolveStaffing(fresh, { type: event.type, data: event.data } as StaffingEvent, event.revision);
      if (page.length < 10_000) break;
    }
    fullReplaySeconds = (performance.now() - started) / 1000;
  }
  await store.close();
  snapshots.close();
  return {
    stateLoadSeconds,
    caughtUp: loaded.caughtUp,
    firstCommandMs,
    warmUpSeconds: warm.durationMs / 1000,
    warmUpEntries: warm.entries,
    commands: latencies.length,
    rejected,
    firstRejection,
    commandP50Ms: percentile(latencies, 50),
    commandP99Ms: percentile(latencies, 99),
    decideP50Ms: percentile(decides, 50),
    decideP99Ms: percentile(decides, 99),
    rssMBAfterLoad,
    rssMBAfterCommands: memory.rss / MB,
    heapMBAfterCommands: memory.heapUsed / MB,
    fullReplaySeconds,
  };
}

function runChild(input: ChildInput): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const proc = fork(__filename, ['--child', JSON.stringify(input)], {
      execArgv: [
        '--expose-gc',
        '--max-old-space-size=12000',
        '-r',
        join(__dirname, '../../apps/swc-register.js'),
        '-r',
        'tsconfig-paths/register',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let output: ChildOutput | undefined;
    proc.on('message', (m) => (output = m as ChildOutput));
    proc.on('error', reject);
    proc.on('exit', (code) =>
      output && code === 0 ? resolve(output) : reject(new Error(`curve child exited with ${code}`)),
    );
  });
}

// ---- parent: build the stream and measure at each point --------------------------------------------

export interface CurveOptions {
  sizes: number[];
  /** Events folded after the snapshot at start-up (half the snapshot interval on average). */
  catchUp: number;
  probes: number;
  replayMax: number;
  seed: number;
  dir?: string;
  log?: (line: string) => void;
}

export async function runCurve(options: CurveOptions): Promise<CurvePoint[]> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'asn-curve-'));
  const eventsFile = join(dir, 'events.sqlite');
  const snapshotFile = join(dir, 'snapshots.sqlite');
  const probesFile = join(dir, 'probes.json');
  await new SqliteEventStore(eventsFile).close(); // creates the schema the adapter expects
  const db = new Database(eventsFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // bulk load of a benchmark fixture; the measured appends use FULL
  const insert = db.prepare(
    'INSERT INTO events (stream, revision, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertMany = db.transaction((rows: unknown[][]) => {
    for (const row of rows) insert.run(...row);
  });
  const dropAfter = db.prepare('DELETE FROM events WHERE stream = ? AND revision > ?');
  const snapshots = new SqliteSnapshotStore(snapshotFile);
  const state = snapshots.open(STREAM);
  const sizes = [...options.sizes].sort((a, b) => a - b);
  // The city's usual pace (~6,000 staffing events a year after set-up): a long stream is a long history.
  const startYear = Math.max(100, 2025 - Math.ceil((sizes.at(-1) ?? 0) / EVENTS_PER_YEAR));
  const generator = new HistoryGenerator({
    employees: 15_000,
    years: 100_000,
    startYear,
    staffingOnly: true,
    seed: options.seed,
  });
  const points: CurvePoint[] = [];
  let rows: unknown[][] = [];
  let commands = 0;
  let next = 0;
  let preSaved = -1;
  let snapshotWriteSeconds = 0;
  let started = performance.now();
  const flush = (): void => {
    if (rows.length > 0) insertMany(rows);
    rows = [];
  };

  for (const cmd of generator.commands()) {
    if (cmd.stream !== 'staffing') continue;
    const command = cmd.command as StaffingCommand;
    const small = command.type !== 'IssueDecree' || command.data.lines.length <= 20;
    if (++commands % 97 === 0 && small) {
      const check = decideStaffing(command, state, {
        today: cmd.today,
        now: cmd.recordedAt,
        config: DEFAULT_DOMAIN_CONFIG,
      });
      if (!check.ok)
        throw new Error(
          `generated ${command.type} refused: ${check.violations.map((v) => `${v.code} ${v.message}`).join('; ')}`,
        );
    }
    const decree =
      command.type === 'IssueDecree'
        ? { decreeId: command.data.decreeId, number: command.data.decree.number }
        : null;
    for (const event of trustedEvents(command, state, cmd.recordedAt)) {
      const revision = state.revision + 1;
      evolveStaffing(state, event, revision);
      const id = `e-${revision}`;
      rows.push([
        STREAM,
        revision,
        id,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify({
          eventId: id,
          commandId: `c-${commands}`,
          correlationId: `c-${commands}`,
          causationId: `c-${commands}`,
          actor: 'curve',
          recordedAt: cmd.recordedAt,
          schemaVersion: 1,
          decree,
        }),
      ]);
    }
    if (rows.length >= 50_000) flush();
    const size = state.revision + 1;
    if (state.revision % 500_000 < 40 && state.revision > 1000)
      log(`curve: ${size.toLocaleString('en')} events (${cmd.today})`);
    if (generator.inSetup || next >= sizes.length) continue;
    const target = Math.max(sizes[next], 0);
    if (preSaved < next && size >= target - options.catchUp) {
      flush();
      const saveStarted = performance.now();
      snapshots.save(STREAM, state);
      snapshotWriteSeconds = (performance.now() - saveStarted) / 1000;
      preSaved = next;
    }
    if (size < target) continue;

    flush();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const generationSeconds = (performance.now() - started) / 1000;
    gc();
    const fullStateHeapMB = process.memoryUsage().heapUsed / MB;
    const tmt = addMonths(generator.currentMonth, 1);
    writeFileSync(probesFile, JSON.stringify(generator.probeCommands(options.probes, tmt)));
    log(
      `curve: measuring at ${size.toLocaleString('en')} events (${cmd.today}), full state heap ${Math.round(fullStateHeapMB)} MB`,
    );
    const measured = await runChild({
      eventsFile,
      snapshotFile,
      probesFile,
      today: generator.recordingDay,
      replay: size <= options.replayMax,
    });
    dropAfter.run(STREAM, state.revision);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const fileMB = (file: string): number => {
      const pages = new Database(file, { readonly: true });
      const bytes =
        (pages.pragma('page_count', { simple: true }) as number) *
        (pages.pragma('page_size', { simple: true }) as number);
      pages.close();
      return bytes / MB;
    };
    points.push({
      events: size,
      requested: sizes[next],
      calendarDate: cmd.today,
      employeesEver: state.employees.size,
      generationSeconds,
      snapshotWriteSeconds,
      snapshotFileMB: fileMB(snapshotFile),
      eventsFileMB: fileMB(eventsFile),
      fullStateHeapMB,
      ...measured,
    });
    log(`curve: ${JSON.stringify(points.at(-1))}`);
    next++;
    started = performance.now();
    if (next >= sizes.length) break;
  }
  snapshots.close();
  db.close();
  if (!options.dir) rmSync(dir, { recursive: true, force: true });
  return points;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const output = await child(JSON.parse(args[1]) as ChildInput);
    // Wait until the message is out: main exits the process right after.
    await new Promise((resolve) => process.send?.(output, resolve));
    return;
  }
  const points = await runCurve({
    sizes: (arg(args, '--sizes') ?? '1e4,1e5,1e6,1e7').split(',').map(Number),
    catchUp: Number(arg(args, '--catch-up') ?? 1000),
    probes: Number(arg(args, '--probes') ?? 1000),
    replayMax: Number(arg(args, '--replay-max') ?? 1e6),
    seed: Number(arg(args, '--seed') ?? 3374),
    dir: arg(args, '--keep'),
  });
  const out = arg(args, '--json');
  if (out) writeFileSync(out, JSON.stringify(points, null, 2));
  if (!flag(args, '--quiet')) console.table(points.map(({ firstRejection: _, ...p }) => p));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
