import {
  checkHeadsInStore,
  openStoreOrExplain,
  parseFlags,
  verifyBundle,
  verifyStore,
  type VerifyReport,
} from '@asn/audit';

export const summary =
  'recompute every hash chain and name the first break: [--bundle DIR|FILE.tar] (offline) [--heads BUNDLE] [--json]';

const USAGE = `usage: npm run cli -- verify [--json]               check the store (DATA_DIR or EVENTSTORE_CONNECTION_STRING)
       npm run cli -- verify --bundle DIR|FILE.tar [--json]   check an export bundle offline, with no server
       npm run cli -- verify --heads BUNDLE      also check that the store still holds that bundle's chain heads`;

/** Exit codes: 0 every chain intact, 1 a break or a disagreement found, 2 usage or store error. */
export async function run(args: string[]): Promise<number> {
  let flags;
  try {
    flags = parseFlags(args, { bundle: 'string', heads: 'string', json: 'boolean', help: 'boolean' }, USAGE);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  if (typeof flags.bundle === 'string') {
    const report = await verifyBundle(flags.bundle);
    return print(
      report,
      report.problems,
      performance.now() - started,
      `bundle ${flags.bundle}`,
      !!flags.json,
    );
  }
  const opened = openStoreOrExplain();
  if (!opened) return 2;
  const { store, description } = opened;
  try {
    const report = await verifyStore(store);
    const problems = typeof flags.heads === 'string' ? await checkHeadsInStore(store, flags.heads) : [];
    return print(
      { ...report, ok: report.ok && problems.length === 0 },
      problems,
      performance.now() - started,
      description,
      !!flags.json,
    );
  } finally {
    await store.close();
  }
}

function print(report: VerifyReport, problems: string[], ms: number, what: string, json: boolean): number {
  const seconds = (ms / 1000).toFixed(2);
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...report, problems, seconds: Number(seconds) })}\n`);
    return report.ok ? 0 : 1;
  }
  const counted = `${report.events.toLocaleString('en')} events in ${report.streams} streams of ${what}, ${seconds} s`;
  if (report.ok) {
    process.stdout.write(`OK: every hash chain is intact (${counted})\n`);
    return 0;
  }
  const lines = [`FAILED: ${counted}`];
  const b = report.firstBreak;
  if (b) {
    lines.push(
      `first break: stream ${b.stream}, revision ${b.revision}: expected ${b.expected}, found ${b.actual ?? 'nothing'}`,
      'an event at or just before that revision was altered, removed or moved after it was written',
    );
  }
  lines.push(...problems.map((p) => `- ${p}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 1;
}
