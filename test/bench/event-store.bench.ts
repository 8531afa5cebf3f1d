/**
 * SQLite event store micro-benchmark. Run:
 *   node -r ./apps/swc-register.js -r tsconfig-paths/register test/bench/event-store.bench.ts
 */
import {
  HashChainedEventStore,
  SqliteEventStore,
  START_POSITION,
  type EventStore,
  type EventToAppend,
} from '@asn/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpuMs } from '../support/history/bench-utils';

const CONCURRENT = 1_000;
const ROUNDS = 30;
const SEQUENTIAL = 2_000;
const PAGE = 1_000;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'asn-bench-'));
  try {
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    report(
      'append, 1 event each, awaited one by one',
      SEQUENTIAL,
      await appendSequentially(store, SEQUENTIAL),
      'appends',
    );
    const plain = await appendConcurrently(store, 'plain');
    report(
      `append, 1 event each, ${CONCURRENT} per turn (group commit)`,
      CONCURRENT * ROUNDS,
      plain.ms,
      'appends',
    );
    report(
      `append, ${CONCURRENT} per turn, per second of main-thread CPU`,
      CONCURRENT * ROUNDS,
      plain.mainThreadCpuMs,
      'appends',
    );
    const chained = await appendConcurrently(new HashChainedEventStore(store), 'chained');
    report(
      `append through the hash chain, ${CONCURRENT} per turn`,
      CONCURRENT * ROUNDS,
      chained.ms,
      'appends',
    );
    report(
      `append through the hash chain, per second of main-thread CPU`,
      CONCURRENT * ROUNDS,
      chained.mainThreadCpuMs,
      'appends',
    );
    const total = Number(await store.headPosition());
    report(`readAll in pages of ${PAGE}, parsed`, total, await readEverything(store), 'events');
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function appendSequentially(store: EventStore, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await store.append(`seq-${i}`, [anEvent()], 'no_stream');
  return performance.now() - started;
}

/**
 * Wall time, and the CPU time of this (main) thread alone: the api's event loop pays only the latter, the
 * append worker the rest.
 */
async function appendConcurrently(
  store: EventStore,
  label: string,
): Promise<{ ms: number; mainThreadCpuMs: number }> {
  const cpu = mainThreadCpuMs();
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        store.append(`${label}-${round}-${i}`, [anEvent()], 'no_stream'),
      ),
    );
  }
  return { ms: performance.now() - started, mainThreadCpuMs: mainThreadCpuMs() - cpu };
}

/** CPU time of the main thread so far; the process's where there is no /proc. */
function mainThreadCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return processCpuMs(process.pid, true) ?? (user + system) / 1000;
}

async function readEverything(store: EventStore): Promise<number> {
  const started = performance.now();
  let after = START_POSITION;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    after = page[page.length - 1].position;
  }
  return performance.now() - started;
}

function report(what: string, count: number, ms: number, unit: string): void {
  const rate = Math.round((count / ms) * 1000);
  console.log(`${what}: ${count} ${unit} in ${ms.toFixed(0)} ms = ${rate.toLocaleString('en-US')} ${unit}/s`);
}

/** About 400 bytes of JSON, like a typical placement event. */
function anEvent(): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'EmployeeReassigned',
    data: {
      nip: '198503152010011001',
      fromPositionId: randomUUID(),
      toPositionId: randomUUID(),
      effectiveDate: '2026-01-01',
    },
    metadata: {
      eventId: id,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: 'bench',
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

void main();
