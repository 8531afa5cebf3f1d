import {
  ConcurrencyError,
  DuplicateEventIdError,
  SqliteEventStore,
  START_POSITION,
  type EventToAppend,
  type GroupCommitStats,
  type SubscriptionMessage,
} from '@asn/event-store';
import Database from 'better-sqlite3';
import { WalCheckpointer } from '../../libs/event-store/src/sqlite/wal-checkpointer';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'asn-sqlite-'));
const childScript = join(dir, 'writer.js');
let files = 0;
const newFile = (): string => join(dir, `events-${++files}.sqlite`);

beforeAll(() => writeFileSync(childScript, WRITER_SOURCE));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteEventStore group commit', () => {
  it('writes the appends issued in one event-loop turn in one transaction', async () => {
    const commits: GroupCommitStats[] = [];
    const store = new SqliteEventStore(newFile(), { onGroupCommit: (commit) => commits.push(commit) });
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.append(`s-${i}`, [anEvent()], 'no_stream')),
      );
      expect(commits).toEqual([expect.objectContaining({ appends: 50, events: 50 })]);
      expect(results.map((r) => r.position)).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
    } finally {
      await store.close();
    }
  });

  it('rejects a failing append alone and commits the others of its group', async () => {
    const commits: GroupCommitStats[] = [];
    const store = new SqliteEventStore(newFile(), { onGroupCommit: (commit) => commits.push(commit) });
    try {
      const taken = anEvent();
      await store.append('existing', [taken], 'no_stream');
      commits.length = 0;
      const outcomes = await Promise.allSettled([
        store.append('one', [anEvent()], 'no_stream'),
        store.append('existing', [anEvent()], 'no_stream'),
        store.append('two', [{ ...anEvent(), id: taken.id }], 'no_stream'),
        store.append('three', [anEvent(), anEvent()], 'no_stream'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      expect(commits).toEqual([expect.objectContaining({ appends: 4, events: 3 })]);
      expect(await store.readStream('two')).toEqual([]);
      expect(await store.readStream('three')).toHaveLength(2);
      expect((await store.readAll()).map((e) => e.position)).toEqual(['1', '2', '3', '4']);
    } finally {
      await store.close();
    }
  });

  it('writes appends queued before close()', async () => {
    const file = newFile();
    const store = new SqliteEventStore(file);
    const appended = store.append('s', [anEvent()], 'no_stream');
    await store.close();
    await expect(appended).resolves.toEqual({ nextRevision: 0, position: '1' });
    await expect(store.append('s', [anEvent()], 0)).rejects.toThrow(/closed/);
    const reopened = new SqliteEventStore(file);
    expect(await reopened.readStream('s')).toHaveLength(1);
    await reopened.close();
  });
});

describe('SqliteEventStore WAL checkpoints', () => {
  /**
   * Events in the database file itself: a copy of it without its WAL. The copy bypasses SQLite's locks, so one
   * taken while a checkpoint is writing pages can be torn; that copy answers `undefined` and the caller looks again.
   */
  const eventsInMainFile = (file: string): number | undefined => {
    const copy = `${file}.main-only`;
    copyFileSync(file, copy);
    const db = new Database(copy, { readonly: true });
    try {
      const created = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'events'").get();
      return created ? (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n : 0;
    } catch (error) {
      if (/^SQLITE_(CORRUPT|NOTADB)/.test((error as { code?: string }).code ?? '')) return undefined;
      throw error;
    } finally {
      db.close();
      rmSync(copy);
    }
  };
  const appendMany = async (store: SqliteEventStore, count: number): Promise<void> => {
    for (let i = 0; i < count / 100; i++) {
      await store.append(`s-${i}`, Array.from({ length: 100 }, anEvent), 'no_stream');
    }
  };

  it('copies committed events into the database file on their own thread, not in a commit', async () => {
    const file = newFile();
    const store = new SqliteEventStore(file, { walCheckpointThread: { afterEvents: 100, intervalMs: 10 } });
    try {
      await appendMany(store, 1000);
      // Far below the 1,000 WAL pages at which a commit checkpoints: only the thread copies them.
      await waitFor(() => eventsInMainFile(file) === 1000);
    } finally {
      await store.close();
    }
  });

  it('leaves them in the WAL without the thread until a commit crosses 1,000 pages', async () => {
    const file = newFile();
    const store = new SqliteEventStore(file, { walCheckpointThread: false });
    try {
      await appendMany(store, 1000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(eventsInMainFile(file)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('hands checkpoints back to the commits when the thread cannot run', async () => {
    const stopped: Error[] = [];
    const checkpointer = new WalCheckpointer(join(dir, 'missing', 'events.sqlite'), 10, (error) =>
      stopped.push(error),
    );
    await waitFor(() => stopped.length === 1);
    expect(stopped[0].message).toMatch(/directory does not exist|unable to open/);
    await expect(checkpointer.close()).resolves.toBeUndefined();
  });
});

describe('SqliteEventStore on disk', () => {
  it('reopens a file with its events and continues its positions and revisions', async () => {
    const file = newFile();
    const first = new SqliteEventStore(file);
    await first.append('s', [anEvent(), anEvent()], 'no_stream');
    await first.close();
    const second = new SqliteEventStore(file);
    try {
      expect(await second.headPosition()).toBe('2');
      expect(await second.append('s', [anEvent()], 1)).toEqual({ nextRevision: 2, position: '3' });
    } finally {
      await second.close();
    }
  });

  it('delivers to a live subscription the events another process appends to the same file', async () => {
    const file = newFile();
    const store = new SqliteEventStore(file, { pollIntervalMs: 100 });
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: ['other-'] } });
    const received: SubscriptionMessage[] = [];
    const consumed = (async () => {
      for await (const message of subscription) {
        received.push(message);
        if (received.length === 4) await subscription.close();
      }
    })();
    try {
      await waitFor(() => received.length === 1);
      expect(received[0]).toEqual({ kind: 'caughtUp', position: START_POSITION });
      const writer = runWriter(file, 'append-three', 'other-process');
      expect(await exitOf(writer)).toBe(0);
      await waitFor(() => received.length === 4);
      expect(received.slice(1).map((m) => m.kind === 'event' && m.event.data)).toEqual([
        { n: 0 },
        { n: 1 },
        { n: 2 },
      ]);
    } finally {
      await subscription.close();
      await consumed;
      await store.close();
    }
  });

  it('keeps every acknowledged append and no partial group after the writer is killed mid-append', async () => {
    const file = newFile();
    const writer = runWriter(file, 'append-forever');
    const acked = await acknowledgements(writer, 6);
    await new Promise((done) => setTimeout(done, Math.random() * 40));
    writer.kill('SIGKILL');
    await exitOf(writer);

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const store = new SqliteEventStore(file);
    try {
      const streams = ['crash-0', 'crash-1', 'crash-2', 'crash-3'];
      const lengths: number[] = [];
      for (const stream of streams) {
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
        expect(events.length % BATCH).toBe(0);
        lengths.push(events.length);
      }
      // The four appends of a turn share one transaction: all of them are there, or none.
      expect(new Set(lengths).size).toBe(1);
      expect(lengths[0] / BATCH).toBeGreaterThanOrEqual(Math.max(...acked) + 1);
      const all = await store.readAll();
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => String(i + 1)));
      const next = await store.append('crash-0', [anEvent()], lengths[0] - 1);
      expect(next.nextRevision).toBe(lengths[0]);
      expect(await store.headPosition()).toBe(String(lengths[0] * streams.length + 1));
    } finally {
      await store.close();
    }
  });
});

const BATCH = 250;

/** Plain JS, so the child needs only ts-node to load the adapter it shares with the test. */
const WRITER_SOURCE = `
const [root, file, mode, stream] = process.argv.slice(2);
require(root + '/node_modules/ts-node').register({ transpileOnly: true, project: root + '/tsconfig.json' });
const { SqliteEventStore } = require(root + '/libs/event-store/src/sqlite/sqlite-event-store.ts');
const store = new SqliteEventStore(file);
const event = (id, data) => ({ id, type: 'Written', data, metadata: { eventId: id, commandId: id, correlationId: id,
  causationId: id, actor: 'writer', recordedAt: new Date().toISOString(), schemaVersion: 1 } });
const payload = 'x'.repeat(1000);
async function main() {
  if (mode === 'append-three') {
    await store.append(stream, [0, 1, 2].map((n) => event(stream + '-' + n, { n })), 'no_stream');
    await store.close();
    return;
  }
  for (let batch = 0; ; batch++) {
    await Promise.all([0, 1, 2, 3].map((s) => {
      const events = Array.from({ length: ${BATCH} }, (_, i) => event(batch + '-' + s + '-' + i, { batch, i, payload }));
      return store.append('crash-' + s, events, batch === 0 ? 'no_stream' : batch * ${BATCH} - 1);
    }));
    process.stdout.write('acked ' + batch + '\\n');
  }
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

function runWriter(file: string, mode: string, stream = ''): ChildProcess {
  return spawn(process.execPath, [childScript, root, file, mode, stream], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

/** Resolves with the batch numbers the writer acknowledged once it has acknowledged `count` of them. */
function acknowledgements(child: ChildProcess, count: number): Promise<number[]> {
  return new Promise((done, fail) => {
    const acked: number[] = [];
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acked.push(Number(line.replace('acked ', '')));
      if (acked.length >= count) done(acked);
    });
    child.once('exit', () => fail(new Error(`the writer exited after ${acked.length} acknowledgements`)));
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

function anEvent(): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'Tested',
    data: {},
    metadata: {
      eventId: id,
      commandId: id,
      correlationId: id,
      causationId: id,
      actor: 'test',
      recordedAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}
