/**
 * A PEER side by side: the same append-and-read workload on our SqliteEventStore and on Emmett's SQLite
 * event store (@event-driven-io/emmett-sqlite 0.38.5 on `sqlite3`), both on a file in WAL mode with
 * SQLite's default durability (synchronous=FULL: every commit is on disk before it is acknowledged).
 *
 *   node -r ./apps/swc-register.js -r tsconfig-paths/register test/bench/peer.bench.ts [--quick]
 *
 * Workload, identical for both: S streams; appends of one event awaited one at a time, each with the
 * expected stream version (the command pattern: decide, append, answer); then appends of 50 events; then
 * every stream read back whole, event payloads parsed. Run in one process, ours first then the peer's,
 * each on its own fresh file; the order is swapped on the second round and the better round is kept.
 */
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventToAppend } from '@asn/event-store';
import { arg, flag, round } from '../support/history/bench-utils';

export interface PeerSide {
  /** Events/s appended one event per awaited append. */
  appendOneEventsPerSecond: number;
  /** Events/s appended 50 events per awaited append. */
  appendBatchEventsPerSecond: number;
  /** Events/s of reading whole streams (payloads parsed). */
  readEventsPerSecond: number;
}

export interface PeerResult {
  workload: {
    streams: number;
    singleAppendsPerStream: number;
    batchAppendsPerStream: number;
    batchSize: number;
    eventsPerStream: number;
  };
  ours: PeerSide;
  peer: PeerSide;
  appendRatioVsPeer: number;
  appendBatchRatioVsPeer: number;
  readRatioVsPeer: number;
  /** SQLITE_BUSY failures of the peer's appends (retried, not counted as events). */
  peerBusyErrors: number;
}

interface Adapter {
  append(
    stream: string,
    events: { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[],
    expected: number,
  ): Promise<void>;
  read(stream: string): Promise<number>;
  close(): Promise<void>;
}

function event(
  stream: string,
  i: number,
): { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> } {
  return {
    type: 'EmployeeReassigned',
    data: {
      decreeId: `sk-${stream}-${i}`,
      line: i % 350,
      nip: `1985031520100110${String(i % 100).padStart(2, '0')}`,
      positionId: `dinkes-bid2-si1.p${i % 7}`,
      unitId: 'dinkes-bid2-si1',
      fromPositionId: `dinkes-bid1-si2.p${i % 5}`,
      moveKind: 'MUTASI',
      effectiveDate: '2025-07-01',
    },
    metadata: {
      commandId: `c-${stream}-${i}`,
      correlationId: `c-${stream}-${i}`,
      actor: 'bench',
      recordedAt: '2025-06-20T03:00:00.000Z',
      schemaVersion: 1,
      decree: { decreeId: `sk-${stream}-${i}`, number: `800/${i}/2025` },
    },
  };
}

function ours(file: string): Adapter {
  const store = new SqliteEventStore(file);
  let id = 0;
  return {
    async append(stream, events, expected) {
      const envelopes: EventToAppend[] = events.map((e) => {
        const eventId = `e-${++id}`;
        return {
          id: eventId,
          type: e.type,
          data: e.data,
          metadata: { eventId, causationId: eventId, ...e.metadata } as EventToAppend['metadata'],
        };
      });
      await store.append(stream, envelopes, expected < 0 ? 'no_stream' : expected);
    },
    async read(stream) {
      return (await store.readStream(stream)).length;
    },
    close: () => store.close(),
  };
}

/** Appends Emmett refused with SQLITE_BUSY ("cannot commit transaction - SQL statements in progress"). */
export const peerErrors = { busy: 0, retried: 0 };

function emmett(file: string): Adapter {
  const store = getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'CreateOrUpdate' } });
  return {
    async append(stream, events, expected) {
      // Emmett's stream versions count events from 1; 0n means "no stream yet".
      for (let attempt = 0; ; attempt++) {
        try {
          await store.appendToStream(stream, events, { expectedStreamVersion: BigInt(expected + 1) });
          return;
        } catch (error) {
          // 0.38.5 opens a sqlite3 connection per call and now and then fails a commit with SQLITE_BUSY;
          // the transaction is rolled back, so the append is retried (and counted) rather than lost.
          if (!String(error).includes('SQLITE_BUSY') || attempt >= 20) throw error;
          peerErrors.busy++;
          const now = (await store.readStream(stream)).events.length;
          if (now === expected + 1 + events.length) return; // it landed after all
          peerErrors.retried++;
        }
      }
    },
    async read(stream) {
      return (await store.readStream(stream)).events.length;
    },
    close: async () => undefined,
  };
}

async function measure(adapter: Adapter, w: PeerResult['workload']): Promise<PeerSide> {
  const streams = Array.from({ length: w.streams }, (_, s) => `staffing-${3300 + s}`);
  const revision = new Map(streams.map((s) => [s, -1]));
  let started = performance.now();
  for (let i = 0; i < w.singleAppendsPerStream; i++) {
    for (const stream of streams) {
      const r = revision.get(stream) as number;
      await adapter.append(stream, [event(stream, r + 1)], r);
      revision.set(stream, r + 1);
    }
  }
  const appendOne = (w.streams * w.singleAppendsPerStream) / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < w.batchAppendsPerStream; i++) {
    for (const stream of streams) {
      const r = revision.get(stream) as number;
      await adapter.append(
        stream,
        Array.from({ length: w.batchSize }, (_, k) => event(stream, r + 1 + k)),
        r,
      );
      revision.set(stream, r + w.batchSize);
    }
  }
  const appendBatch =
    (w.streams * w.batchAppendsPerStream * w.batchSize) / ((performance.now() - started) / 1000);
  started = performance.now();
  let read = 0;
  for (let round = 0; round < 3; round++) for (const stream of streams) read += await adapter.read(stream);
  const readRate = read / ((performance.now() - started) / 1000);
  if (read !== 3 * w.streams * w.eventsPerStream)
    throw new Error(`read ${read} events, expected ${3 * w.streams * w.eventsPerStream}`);
  await adapter.close();
  return {
    appendOneEventsPerSecond: round(appendOne, 0),
    appendBatchEventsPerSecond: round(appendBatch, 0),
    readEventsPerSecond: round(readRate, 0),
  };
}

const best = (a: PeerSide, b: PeerSide): PeerSide => ({
  appendOneEventsPerSecond: Math.max(a.appendOneEventsPerSecond, b.appendOneEventsPerSecond),
  appendBatchEventsPerSecond: Math.max(a.appendBatchEventsPerSecond, b.appendBatchEventsPerSecond),
  readEventsPerSecond: Math.max(a.readEventsPerSecond, b.readEventsPerSecond),
});

export async function runPeer(quick: boolean): Promise<PeerResult> {
  const workload = quick
    ? {
        streams: 4,
        singleAppendsPerStream: 60,
        batchAppendsPerStream: 10,
        batchSize: 50,
        eventsPerStream: 0,
      }
    : {
        streams: 10,
        singleAppendsPerStream: 300,
        batchAppendsPerStream: 100,
        batchSize: 50,
        eventsPerStream: 0,
      };
  workload.eventsPerStream =
    workload.singleAppendsPerStream + workload.batchAppendsPerStream * workload.batchSize;
  const dir = mkdtempSync(join(tmpdir(), 'asn-peer-'));
  try {
    const o1 = await measure(ours(join(dir, 'ours-1.sqlite')), workload);
    const p1 = await measure(emmett(join(dir, 'emmett-1.sqlite')), workload);
    const p2 = await measure(emmett(join(dir, 'emmett-2.sqlite')), workload);
    const o2 = await measure(ours(join(dir, 'ours-2.sqlite')), workload);
    const o = best(o1, o2);
    const p = best(p1, p2);
    return {
      workload,
      ours: o,
      peer: p,
      appendRatioVsPeer: round(o.appendOneEventsPerSecond / p.appendOneEventsPerSecond),
      appendBatchRatioVsPeer: round(o.appendBatchEventsPerSecond / p.appendBatchEventsPerSecond),
      readRatioVsPeer: round(o.readEventsPerSecond / p.readEventsPerSecond),
      peerBusyErrors: peerErrors.busy,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  runPeer(flag(args, '--quick')).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
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
