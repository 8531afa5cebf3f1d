import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, EventStore } from '@asn/event-store';
import { aManajerialPosition, anEmployee, aPelaksanaPosition, aUnit, bearer, type Role } from '@asn/testing';
import { createApp } from '../../apps/api/src/bootstrap';
import { commandCase, FuzzCase, hugeDecree, queryCase } from './cases';
import { WORLD } from './endpoints';

/** Requests per run (API.md's bad-input contract asks for at least 5,000); FUZZ_RUNS and FUZZ_SEED override. */
const COMMAND_RUNS = Number(process.env.FUZZ_RUNS ?? 5000);
const QUERY_RUNS = Math.ceil(COMMAND_RUNS / 8);
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_128);

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: { code?: string; violations?: { field?: string }[] } | undefined;
}

function problemOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): Answer {
  let body: Answer['body'];
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body };
}

/** Why the answer breaks the contract, or undefined when it keeps it. */
function breach(c: FuzzCase, answer: Answer, wrote: boolean): string | undefined {
  const { status, body } = answer;
  if (status >= 500) return `${status} ${body?.code ?? ''}`;
  if (status >= 400 && wrote) return `${status} but an event was written`;
  if (status >= 400 && !String(answer.headers['content-type']).startsWith('application/problem+json'))
    return `${status} without application/problem+json`;
  const fields = (body?.violations ?? []).map((v) => v.field ?? '');
  const e = c.expect;
  if ('field' in e) {
    const named = fields.some(
      (f) => f === e.field || f.startsWith(`${e.field}.`) || e.field.startsWith(`${f}.`),
    );
    if (status !== 400 || !named)
      return `${status} ${body?.code ?? ''} naming [${fields.join(', ')}], not ${e.field}`;
  }
  if ('status' in e && !e.status.includes(status))
    return `${status} ${body?.code ?? ''}, expected ${e.status.join('/')}`;
  if ('clientError' in e && (status < 400 || status >= 500))
    return `${status}: accepted input that must be refused`;
  return undefined;
}

describe('fuzz: bad input on every endpoint (fast-check)', () => {
  let app: NestFastifyApplication;
  let store: EventStore;
  let dir: string;
  const tokens: Record<Role, string> = {
    'hr-admin': bearer('hr-admin', { sub: 'fuzzer' }),
    viewer: bearer('viewer'),
    auditor: bearer('auditor'),
  };

  const inject = async (c: FuzzCase): Promise<Answer> => {
    const role = (c.headers['x-role'] as Role | undefined) ?? 'hr-admin';
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: c.method as 'POST',
        url: c.url,
        headers: { ...c.headers, authorization: tokens[role] },
        payload: c.payload,
      });
    return problemOf({ statusCode: res.statusCode, headers: res.headers, body: res.body });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asn-fuzz-'));
    app = await createApp({
      logger: false,
      openApi: false,
      env: { NODE_ENV: 'test', DATA_DIR: dir, THROTTLE_LIMIT: '0' },
    });
    store = app.get<symbol, EventStore>(EVENT_STORE);
    const seed: [string, object][] = [
      ['/api/v1/units', aUnit({ id: WORLD.unitId })],
      ['/api/v1/positions', aManajerialPosition({ id: WORLD.manajerial, unitId: WORLD.unitId })],
      ['/api/v1/positions', aPelaksanaPosition({ id: WORLD.pelaksana, unitId: WORLD.unitId })],
      ...WORLD.nips.map((nip): [string, object] => ['/api/v1/employees', anEmployee({ nip })]),
    ];
    for (const [url, body] of seed) {
      const res = await inject({
        endpoint: 'seed',
        label: 'seed',
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(body),
        expect: { status: [201] },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers every malformed request with a 4xx naming the field, never 5xx, and writes nothing`, async () => {
    const cases = [
      ...fc.sample(commandCase, { numRuns: COMMAND_RUNS, seed: SEED }),
      hugeDecree(),
      hugeDecree(),
      ...fc.sample(queryCase, { numRuns: QUERY_RUNS, seed: SEED + 1 }),
    ];
    const statuses = new Map<number, number>();
    const breaches = new Map<string, { count: number; example: string }>();
    let fiveHundreds = 0;
    let writesOnRejection = 0;
    const started = Date.now();
    let head = await store.headPosition();
    for (const c of cases) {
      const answer = await inject(c);
      const after = await store.headPosition();
      const wrote = after !== head;
      head = after;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) fiveHundreds += 1;
      if (answer.status >= 400 && wrote) writesOnRejection += 1;
      const why = breach(c, answer, wrote);
      if (why) {
        const key = `${c.endpoint} / ${c.label}: ${why.replace(/\d{4,}/g, 'N')}`;
        const seen = breaches.get(key) ?? {
          count: 0,
          example: `${c.method} ${c.url.slice(0, 120)} ${(c.payload ?? '').slice(0, 200)}`,
        };
        seen.count += 1;
        breaches.set(key, seen);
      }
    }
    const histogram = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    process.stdout.write(
      `fuzz: ${cases.length} requests tried (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${histogram}; ` +
        `${fiveHundreds} answered 5xx; ${writesOnRejection} rejected requests wrote an event; ${breaches.size} kinds of contract breach\n`,
    );
    const report = [...breaches.entries()].map(
      ([key, { count, example }]) => `${count}× ${key}\n     e.g. ${example}`,
    );
    expect(report).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(5000);
  }, 300_000);
});
