/**
 * Times `verify` over a large chained log. Appends EVENTS (default 1,000,000) hash-chained events, spread
 * over STREAMS streams, to a temporary SQLite store, then recomputes every chain as `GET /audit/verify`
 * and `npm run cli -- verify` do. Run:
 *   node -r ./apps/swc-register.js -r tsconfig-paths/register test/bench/verify.bench.ts
 *   EVENTS=100000 EXPORT=1 node -r ./apps/swc-register.js -r tsconfig-paths/register test/bench/verify.bench.ts
 * EXPORT=1 also times an NDJSON export bundle and its offline check.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashChainedEventStore, SqliteEventStore, type EventToAppend } from '@asn/event-store';
import { verifyBundle, verifyStore, writeBundle } from '@asn/audit';

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const STREAMS = Number(process.env.STREAMS ?? 500);
const BATCH = 1_000;

/** A reassignment line as the api writes it, with the full envelope metadata (about 700 bytes stored). */
function eventAt(n: number, stream: string): EventToAppend {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id,
    type: 'EmployeeReassigned',
    data: {
      decreeId: `decree-${Math.floor(n / 50)}`,
      line: n % 50,
      nip: `1985031520100110${String(n % 100).padStart(2, '0')}`,
      positionId: `position-${n % 4000}`,
      unitId: `unit-${n % 300}`,
      fromPositionId: `position-${(n + 1) % 4000}`,
      moveKind: 'ROTASI',
      effectiveDate: '2025-02-01',
    },
    metadata: {
      eventId: id,
      commandId: `command-${Math.floor(n / 50)}`,
      correlationId: `command-${Math.floor(n / 50)}`,
      causationId: `command-${Math.floor(n / 50)}`,
      actor: 'officer-1',
      recordedAt: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
      schemaVersion: 1,
      decree: { decreeId: `decree-${Math.floor(n / 50)}`, number: `SK-800/${Math.floor(n / 50)}/2025` },
      stream,
    },
  };
}

const seconds = (from: number) => (performance.now() - from) / 1000;
const rate = (count: number, s: number) => `${Math.round(count / s).toLocaleString('en')} events/s`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'asn-verify-bench-'));
  const file = join(dir, 'events.sqlite');
  try {
    const store = new HashChainedEventStore(new SqliteEventStore(file));
    const revisions = new Map<string, number>();
    let started = performance.now();
    for (let n = 0; n < EVENTS; n += BATCH) {
      const stream = `staffing-${String((n / BATCH) % STREAMS).padStart(4, '0')}`;
      const events = Array.from({ length: Math.min(BATCH, EVENTS - n) }, (_, i) => eventAt(n + i, stream));
      const last = revisions.get(stream);
      const result = await store.append(stream, events, last === undefined ? 'no_stream' : last);
      revisions.set(stream, result.nextRevision);
    }
    const appendS = seconds(started);
    await store.close();
    const mb = (statSync(file).size / 2 ** 20).toFixed(0);
    console.log(
      `appended ${EVENTS.toLocaleString('en')} chained events in ${STREAMS} streams: ${appendS.toFixed(1)} s (${rate(EVENTS, appendS)}), ${mb} MiB`,
    );

    const reader = new SqliteEventStore(file);
    started = performance.now();
    const report = await verifyStore(reader);
    const verifyS = seconds(started);
    if (!report.ok || report.events !== EVENTS) throw new Error(`verify failed: ${JSON.stringify(report)}`);
    console.log(
      `verify: ${report.events.toLocaleString('en')} events, ${report.streams} streams, ok: ${verifyS.toFixed(1)} s (${rate(EVENTS, verifyS)}), rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );

    if (process.env.EXPORT) {
      started = performance.now();
      const manifest = await writeBundle(reader, join(dir, 'bundle'), 'ndjson');
      const exportS = seconds(started);
      started = performance.now();
      const offline = await verifyBundle(join(dir, 'bundle'));
      const offlineS = seconds(started);
      if (!offline.ok) throw new Error(`bundle check failed: ${JSON.stringify(offline.problems)}`);
      const bytes = manifest.files[manifest.eventsFile].bytes;
      console.log(
        `export (ndjson, ${(bytes / 2 ** 20).toFixed(0)} MiB): ${exportS.toFixed(1)} s; verify --bundle: ${offlineS.toFixed(1)} s`,
      );
    }
    await reader.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
