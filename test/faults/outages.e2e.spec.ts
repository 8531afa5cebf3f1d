import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import {
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SqliteEventStore,
  StoreUnavailableError,
  SubscribeOptions,
  type EventToAppend,
  type ExpectedRevision,
} from '@asn/event-store';
import { aUnit, bearer } from '@asn/testing';
import { createApp } from '../../apps/api/src/bootstrap';
import { ApiLauncher, ApiProcess, freePort } from './support/api-process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ADMIN = bearer('hr-admin', { sub: 'outage-test' });

async function call(
  api: ApiProcess,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: ADMIN, 'content-type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** A throwaway redis-server of this test's own (never the shared one on 6379): no persistence. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await client.connect();
      await client.ping();
      await client.quit();
      return child;
    } catch {
      await sleep(50);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('faults: Redis stopped', () => {
  it('keeps accepting commands, answers queries 503, and the projector catches up when Redis returns', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const dataDir = mkdtempSync(join(tmpdir(), 'asn-redis-outage-'));
    const launcher = new ApiLauncher({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      PROJECTOR_MODE: 'embedded',
      THROTTLE_LIMIT: '0',
    });
    try {
      const api = await launcher.launch({ prepareNext: false });
      const first = await call(api, 'POST', '/api/v1/units', aUnit({ id: 'before-outage' }));
      expect(first.status).toBe(201);
      const roster = () => call(api, 'GET', '/api/v1/units/during-outage-3/roster', undefined);
      expect(
        (
          await call(api, 'GET', '/api/v1/units/before-outage/roster', undefined, {
            'x-min-position': String(first.body?.position),
          })
        ).status,
      ).toBe(200);

      await stop(redis);
      const positions: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const res = await call(api, 'POST', '/api/v1/units', aUnit({ id: `during-outage-${i}` }));
        expect({ i, status: res.status, body: res.body }).toMatchObject({ i, status: 201 });
        positions.push(String(res.body?.position));
      }
      const down = await roster();
      expect({ status: down.status, code: down.body?.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
      const ready = await call(api, 'GET', '/health/ready');

      redis = await startRedis(port);
      const last = positions[positions.length - 1];
      const deadline = Date.now() + 30_000;
      let caughtUp = await roster();
      while (caughtUp.status !== 200 && Date.now() < deadline) {
        await sleep(200);
        caughtUp = await call(api, 'GET', '/api/v1/units/during-outage-3/roster', undefined, {
          'x-min-position': last,
        });
      }
      expect(caughtUp.status).toBe(200);
      expect(caughtUp.body).toMatchObject({ unit: expect.objectContaining({ id: 'during-outage-3' }) });
      process.stdout.write(
        `faults[redis-outage]: 3 commands accepted while Redis was down; queries 503; caught up to ${last} after Redis returned\n`,
      );

      // API.md: /health/ready reports Redis; commands still work, so the instance stays in service (degraded).
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ readStore: { status: 'down' } });
      await api.terminate();
    } finally {
      await launcher.dispose();
      await stop(redis);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The SQLite store behind a switch: `down` makes every call fail as an unreachable store would. */
class Switchable implements EventStore {
  down = false;
  /** Write, then lose the answer (the connection drops after the commit). */
  loseAnswers = false;
  constructor(readonly inner: SqliteEventStore) {}
  private check(): void {
    if (this.down) throw new StoreUnavailableError('connect ECONNREFUSED 127.0.0.1:2113');
  }
  async append(stream: string, events: EventToAppend[], expected: ExpectedRevision) {
    this.check();
    const result = await this.inner.append(stream, events, expected);
    if (this.loseAnswers) throw new StoreUnavailableError('connection reset after the write');
    return result;
  }
  async readStream(stream: string, options?: ReadStreamOptions) {
    this.check();
    return this.inner.readStream(stream, options);
  }
  async readAll(options?: ReadAllOptions) {
    this.check();
    return this.inner.readAll(options);
  }
  subscribeToAll(options?: SubscribeOptions) {
    return this.inner.subscribeToAll(options);
  }
  async headPosition() {
    this.check();
    return this.inner.headPosition();
  }
  close() {
    return this.inner.close();
  }
}

describe('faults: event store unreachable', () => {
  let app: NestFastifyApplication;
  let store: Switchable;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asn-store-outage-'));
    store = new Switchable(new SqliteEventStore(join(dir, 'events.sqlite')));
    app = await createApp({
      logger: false,
      openApi: false,
      eventStore: store,
      env: { NODE_ENV: 'test', DATA_DIR: dir },
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (id: string) =>
    request(app.getHttpServer())
      .post('/api/v1/units')
      .set('Authorization', ADMIN)
      .set('Idempotency-Key', `k-${id}`)
      .send(aUnit({ id }));

  it('answers 503 to every command in flight, writes nothing, and applies each exactly once when it returns', async () => {
    expect((await post('warm-up')).status).toBe(201);
    const head = await store.inner.headPosition();
    store.down = true;
    const ids = Array.from({ length: 20 }, (_, i) => `outage-${i}`);
    const refused = await Promise.all(ids.map(post));
    expect(refused.map((r) => `${r.status} ${r.body.code}`)).toEqual(ids.map(() => '503 UNAVAILABLE'));
    expect(refused.every((r) => r.headers['retry-after'] !== undefined)).toBe(true);
    expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(503);
    expect(await store.inner.headPosition()).toBe(head);

    store.down = false;
    const retried = await Promise.all(ids.map(post));
    expect(retried.map((r) => r.status)).toEqual(ids.map(() => 201));
    const events = await store.inner.readAll({ after: head });
    expect(events.map((e) => (e.data as { unitId: string }).unitId).sort()).toEqual([...ids].sort());
  });

  it('answers a command whose commit succeeded but whose answer was lost with the same 201 on retry, never twice', async () => {
    const head = await store.inner.headPosition();
    store.loseAnswers = true;
    const lost = await post('lost-answer');
    store.loseAnswers = false;
    expect(lost.status).toBe(503);
    const retry = await post('lost-answer');
    expect(retry.status).toBe(201);
    const again = await post('lost-answer');
    expect(again.body).toEqual(retry.body);
    const events = await store.inner.readAll({ after: head });
    expect(events.map((e) => e.type)).toEqual(['UnitEstablished']);
    expect(retry.body.events[0].id).toBe(events[0].id);
  });
});

describe('faults: EventStoreDB unreachable (child process)', () => {
  it('starts, reports not ready, and answers commands 503 with nothing written', async () => {
    const dead = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'asn-esdb-outage-'));
    const launcher = new ApiLauncher({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${dead}?tls=false`,
    });
    try {
      const api = await launcher.launch({ waitReady: false, prepareNext: false });
      const deadline = Date.now() + 60_000;
      let live = 0;
      while (live !== 200 && Date.now() < deadline) {
        live = await fetch(`${api.url}/health/live`).then(
          (r) => r.status,
          () => 0,
        );
        if (live !== 200) await sleep(50);
      }
      expect(live).toBe(200);
      const res = await call(api, 'POST', '/api/v1/units', aUnit({ id: 'nowhere' }));
      expect({ status: res.status, code: res.body?.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
      expect((await call(api, 'GET', '/health/ready')).status).toBe(503);
      await api.terminate();
    } finally {
      await launcher.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('faults: graceful shutdown (SIGTERM under load)', () => {
  it('finishes every command it started: each one written is answered 201, every 201 is in the log', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'asn-sigterm-'));
    const launcher = new ApiLauncher({ NODE_ENV: 'test', DATA_DIR: dataDir, THROTTLE_LIMIT: '0' });
    try {
      const api = await launcher.launch({ prepareNext: false });
      // Open the connections first, so the burst is not waiting in the kernel's accept queue at SIGTERM.
      await Promise.all(
        Array.from({ length: 40 }, () => fetch(`${api.url}/health/live`).then((r) => r.text())),
      );
      const outcomes: string[] = [];
      const answered = new Set<string>();
      const send = async (i: number) => {
        try {
          const res = await call(api, 'POST', '/api/v1/units', aUnit({ id: `sigterm-${i}` }));
          outcomes.push(String(res.status));
          if (res.status === 201) answered.add(`sigterm-${i}`);
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code;
          outcomes.push(code === 'ECONNREFUSED' ? 'refused' : `cut (${code ?? (error as Error).message})`);
        }
      };
      const burst = Array.from({ length: 40 }, (_, i) => send(i));
      await sleep(15);
      const exited = api.terminate();
      const late = Array.from({ length: 10 }, (_, i) => sleep(5 * i).then(() => send(100 + i)));
      await Promise.all([...burst, ...late]);
      const how = await exited;
      const counts = outcomes.reduce<Record<string, number>>(
        (acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }),
        {},
      );
      const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
      let written: string[];
      try {
        written = (await store.readAll()).map((e) => (e.data as { unitId: string }).unitId);
      } finally {
        await store.close();
      }
      process.stdout.write(
        `faults[sigterm]: ${JSON.stringify(counts)}; ${written.length} written, ${answered.size} answered 201; exit ${how}\n`,
      );
      expect(['SIGTERM', 'code 0']).toContain(how);
      expect(answered.size).toBeGreaterThan(0);
      // A command written but not answered would leave its client unsure: the shutdown must finish it.
      expect(written.filter((id) => !answered.has(id))).toEqual([]);
      expect([...answered].filter((id) => !written.includes(id))).toEqual([]);
    } finally {
      await launcher.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
