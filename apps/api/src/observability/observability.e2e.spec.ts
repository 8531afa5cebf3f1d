import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { EVENT_STORE, EventStore, MemoryEventStore, StoreUnavailableError } from '@asn/event-store';
import { aUnit, bearer } from '@asn/testing';
import { AppModule } from '../app.module';
import { API_PREFIX } from '../bootstrap';
import { loadConfig } from '../config/app-config';
import { createValidationPipe } from '../validation/validation.pipe';
import { ObservabilityModule } from './observability.module';
import { Readiness } from './readiness';

interface Harness {
  app: NestFastifyApplication;
  store: MemoryEventStore;
  logs: Record<string, unknown>[];
  post(path: string, body: object, headers?: Record<string, string>): request.Test;
}

/** AppModule plus ObservabilityModule (logs into an array), set up the way createApp sets up the api. */
async function start(store = new MemoryEventStore()): Promise<Harness> {
  const logs: Record<string, unknown>[] = [];
  const stream = { write: (line: string) => void logs.push(JSON.parse(line)) };
  const config = loadConfig({ NODE_ENV: 'test', INSTANSI: '3374' });
  @Module({
    imports: [
      AppModule.forRoot(config, { eventStore: store }),
      ObservabilityModule.forRoot({ level: 'info', stream }),
    ],
  })
  class Root {}
  const app = await NestFactory.create<NestFastifyApplication>(
    Root,
    new FastifyAdapter({ bodyLimit: config.BODY_LIMIT }),
    {
      logger: false,
    },
  );
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  return {
    app,
    store,
    logs,
    post: (path, body, headers = {}) =>
      request(server)
        .post(`/${API_PREFIX}${path}`)
        .set('Authorization', bearer('hr-admin', { sub: 'officer-7' }))
        .set(headers)
        .send(body),
  };
}

describe('ObservabilityModule', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.app.close());

  async function metadataOf(position: string) {
    const all = await h.app.get<symbol, EventStore>(EVENT_STORE).readAll();
    return all.find((e) => e.position === position)?.metadata;
  }

  it('generates a correlation id when none is sent, answers with it, logs it and records it in the event', async () => {
    const res = await h.post('/units', aUnit({ id: 'obs-1' }));
    expect(res.status).toBe(201);
    const id = res.headers['x-correlation-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await metadataOf(res.body.position))?.correlationId).toBe(id);
    const line = h.logs.find((l) => l.correlationId === id);
    expect(line).toMatchObject({ level: 'info', service: 'asn-api', res: { statusCode: 201 } });
    expect(JSON.stringify(line)).not.toMatch(/Bearer|authorization/i);
  });

  it("keeps the caller's X-Correlation-Id end to end, and replaces one that could forge a log line", async () => {
    const res = await h.post('/units', aUnit({ id: 'obs-2' }), { 'X-Correlation-Id': 'portal-req-42' });
    expect(res.headers['x-correlation-id']).toBe('portal-req-42');
    expect((await metadataOf(res.body.position))?.correlationId).toBe('portal-req-42');
    const forged = await h.post('/units', aUnit({ id: 'obs-3' }), {
      'X-Correlation-Id': 'x"}{"level":"fatal',
    });
    expect(forged.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 4xx with the correlation id too (a rejected command can be traced)', async () => {
    const res = await h.post(
      '/units',
      { ...aUnit({ id: 'obs-4' }), extra: 1 },
      { 'X-Correlation-Id': 'bad-1' },
    );
    expect(res.status).toBe(400);
    expect(res.headers['x-correlation-id']).toBe('bad-1');
    expect(h.logs.find((l) => l.correlationId === 'bad-1')).toMatchObject({ level: 'warn' });
  });

  it('exposes Prometheus metrics: commands by type and outcome, latency, projection checkpoint and lag', async () => {
    await h.post('/units', aUnit({ id: 'obs-5' }));
    await h.post('/units', aUnit({ id: 'obs-5' })); // the same id again: a rule violation
    await h.post('/units', { ...aUnit({ id: 'obs-6' }), kind: 'PALACE' });
    const res = await request(h.app.getHttpServer()).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.text;
    const count = (outcome: string) =>
      Number(
        new RegExp(`asn_commands_total\\{type="EstablishUnit",outcome="${outcome}"\\} (\\d+)`).exec(
          text,
        )?.[1],
      );
    expect(count('accepted')).toBeGreaterThanOrEqual(4);
    expect(count('validation_failed')).toBeGreaterThanOrEqual(2);
    expect(count('rule_violation') + (count('not_found') || 0)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(
      /asn_command_duration_seconds_bucket\{le="0\.05",type="EstablishUnit",outcome="accepted"\}/,
    );
    expect(text).toMatch(/asn_projection_checkpoint_position \d+/);
    expect(text).toMatch(/asn_projection_lag_positions \d+/);
    expect(text).toMatch(/asn_event_log_head_position [1-9]\d*/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });

  it('reports readiness: event store up, read store up, projection lag', async () => {
    const report = await h.app.get(Readiness).check();
    expect(report).toMatchObject({
      status: 'ok',
      draining: false,
      eventStore: { status: 'up', position: expect.stringMatching(/^\d+$/) },
      readStore: { status: 'up', kind: 'memory' },
      projection: { checkpoint: expect.any(String), lag: expect.any(Number) },
    });
  });

  it('reports unavailable when the event store does not answer', async () => {
    const spy = jest
      .spyOn(h.store, 'headPosition')
      .mockRejectedValue(new StoreUnavailableError('connection refused'));
    try {
      const report = await h.app.get(Readiness).check();
      expect(report.status).toBe('unavailable');
      expect(report.problems.join()).toMatch(/event store unreachable: connection refused/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes the commands in flight before closing, and refuses new ones while draining', async () => {
    const store = new MemoryEventStore();
    const h = await start(store);
    const append = store.append.bind(store);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(store, 'append').mockImplementation(async (...args) => {
      await gate;
      return append(...args);
    });
    const inFlight = h.post('/units', aUnit({ id: 'in-flight' })).then((r) => r);
    while ((await h.app.get(Readiness).check()).status !== 'ok') await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    const closing = h.app.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.app.get(Readiness).isDraining).toBe(true);
    const late = await h.post('/units', aUnit({ id: 'too-late' }));
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
    release();
    const res = await inFlight;
    await closing;
    expect(res.status).toBe(201);
    const written = await store.readStream('staffing-3374');
    expect(written.map((e) => e.type)).toEqual(['UnitEstablished']);
  });
});
