import {
  MemoryEventStore,
  SqliteEventStore,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
} from '@asn/event-store';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One append, or the repetition of an earlier one (same events, same expected revision): a retry. */
type Operation =
  | { kind: 'append'; stream: string; count: number; expected: ExpectedRevision }
  | { kind: 'repeat'; earlier: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      stream: fc.constantFrom('a', 'b', 'c'),
      count: fc.integer({ min: 1, max: 3 }),
      expected: fc.oneof(
        fc.constantFrom<ExpectedRevision>('no_stream', 'any'),
        fc.integer({ min: 0, max: 6 }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat' as const), earlier: fc.nat() }) },
);

/** Operations grouped in event-loop turns: SQLite commits each turn as one group. */
const turns = fc.array(fc.array(operation, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 8 });

const dir = mkdtempSync(join(tmpdir(), 'asn-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteEventStore with group commit', () => {
  it('decides every append as the memory store does one by one, and ends with the same log', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(turns, async (plan) => {
        const sqlite = new SqliteEventStore(join(dir, `model-${++run}.sqlite`));
        const memory = new MemoryEventStore();
        try {
          const calls = toCalls(plan);
          const expected: string[] = [];
          for (const call of calls.flat()) expected.push(await outcome(call(memory)));
          const actual: string[] = [];
          for (const turn of calls)
            actual.push(...(await Promise.all(turn.map((call) => outcome(call(sqlite))))));
          expect(actual).toEqual(expected);
          expect(await sqlite.readAll()).toEqual(await memory.readAll());
        } finally {
          await sqlite.close();
        }
      }),
      { numRuns: 60 },
    );
    // 60 stores, each with its append worker thread: ~5 s on a busy 2-core machine.
  }, 30_000);
});

type Call = (store: EventStore) => Promise<unknown>;

function toCalls(plan: Operation[][]): Call[][] {
  const appends: { stream: string; events: EventToAppend[]; expected: ExpectedRevision }[] = [];
  let ids = 0;
  return plan.map((turn) =>
    turn.map((op) => {
      const append =
        op.kind === 'repeat' && appends.length > 0
          ? appends[op.earlier % appends.length]
          : op.kind === 'append'
            ? {
                stream: op.stream,
                events: Array.from({ length: op.count }, () => anEvent(`e${++ids}`)),
                expected: op.expected,
              }
            : { stream: 'a', events: [anEvent(`e${++ids}`)], expected: 'any' as const };
      appends.push(append);
      return (store: EventStore) => store.append(append.stream, append.events, append.expected);
    }),
  );
}

async function outcome(append: Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify(await append);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

function anEvent(id: string): EventToAppend {
  return {
    id,
    type: 'Modelled',
    data: { id },
    metadata: {
      eventId: id,
      commandId: id,
      correlationId: id,
      causationId: id,
      actor: 'model',
      recordedAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
  };
}
