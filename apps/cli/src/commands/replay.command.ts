import { staffingStream } from '@asn/domain';
import {
  logEvents,
  ndjsonLine,
  openStoreOrExplain,
  parseAsOf,
  parseFlags,
  parseKnownAt,
  rosterKnownAt,
  writeOut,
} from '@asn/audit';

export const summary =
  'replay the log: --unit ID --as-of DATE [--known-at TIME] [--depth N] prints a roster; --events [--after POS] [--type T,...] streams NDJSON';

const USAGE = `usage: npm run cli -- replay --unit ID --as-of YYYY-MM-DD [--known-at TIME] [--depth N]
         the roster as of a date as it was known at a time (default: now); TIME is ISO-8601 with a zone, or a date (its end, UTC)
       npm run cli -- replay --events [--after POSITION] [--type EmployeeReassigned,DecreeAnnulled]
         the global log as NDJSON, one event a line`;

const SPEC = {
  unit: 'string',
  'as-of': 'string',
  'known-at': 'string',
  depth: 'string',
  events: 'boolean',
  after: 'string',
  type: 'string',
  help: 'boolean',
} as const;

function fail(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(args, SPEC, USAGE);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (flags.events) return replayEvents(flags.after as string | undefined, flags.type as string | undefined);
  if (typeof flags.unit !== 'string' || typeof flags['as-of'] !== 'string') {
    return fail('give --unit and --as-of (a roster), or --events (the log)');
  }
  const asOf = parseAsOf(flags['as-of'], '--as-of');
  if (!asOf.ok) return fail(asOf.message);
  const knownAt =
    typeof flags['known-at'] === 'string'
      ? parseKnownAt(flags['known-at'], '--known-at')
      : { ok: true as const, value: Date.now() };
  if (!knownAt.ok) return fail(knownAt.message);
  const depth = flags.depth === undefined ? 0 : Number(flags.depth);
  if (!Number.isInteger(depth) || depth < 0)
    return fail(`--depth "${String(flags.depth)}" must be a whole number, 0 or more`);

  const instansi = process.env.INSTANSI?.trim() || '3374';
  const opened = openStoreOrExplain();
  if (!opened) return 2;
  const { store } = opened;
  try {
    const roster = await rosterKnownAt(store, {
      stream: staffingStream(instansi),
      unitId: flags.unit,
      asOf: asOf.value,
      knownAt: knownAt.value,
      depth,
    });
    if (!roster) {
      process.stderr.write(
        `unit ${flags.unit} was not known at ${new Date(knownAt.value).toISOString()} in instansi ${instansi}\n`,
      );
      return 1;
    }
    process.stdout.write(`${JSON.stringify(roster, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function replayEvents(after: string | undefined, type: string | undefined): Promise<number> {
  const types = type?.split(',').filter(Boolean);
  const opened = openStoreOrExplain();
  if (!opened) return 2;
  const { store } = opened;
  try {
    const filter = types?.length ? { eventTypes: types } : undefined;
    for await (const event of logEvents(store, { after, filter }))
      await writeOut(process.stdout, ndjsonLine(event));
    return 0;
  } finally {
    await store.close();
  }
}
