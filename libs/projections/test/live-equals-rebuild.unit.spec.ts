import fc from 'fast-check';
import { DEFAULT_DOMAIN_CONFIG, addDays, addMonths, employeeProfile, rosterOf } from '@asn/domain';
import { MemoryEventStore } from '@asn/event-store';
import { SYNTHETIC_TODAY, SyntheticHistory } from '../../../test/support/synthetic/synthetic-history';
import { controlKeys, readModelKeys } from '../src/keys';
import { ProjectionQueries } from '../src/read/projection-queries';
import { MemoryReadModelStore } from '../src/store/memory-read-model-store';
import { runProjection } from '../src/runner/projection-run';
import { INSTANSI } from './harness';

const DATES = [
  addDays(SYNTHETIC_TODAY, -400),
  SYNTHETIC_TODAY,
  addDays(SYNTHETIC_TODAY, 1),
  addMonths(SYNTHETIC_TODAY, 7),
];

async function projectInto(
  log: MemoryEventStore,
  store: MemoryReadModelStore,
  version: number,
  batchSize: number,
) {
  const keys = readModelKeys(INSTANSI, version);
  const after = (await store.hget(keys.meta, 'checkpoint')) ?? '0';
  return runProjection({
    eventStore: log,
    store,
    keys,
    guards: () => [],
    after,
    batchSize,
    signal: new AbortController().signal,
    untilCaughtUp: true,
  });
}

describe('property: read models from live projection = a rebuild = the fold of the events', () => {
  it('holds for random valid command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 1, max: 7 }),
        async (seed, steps, batchSize) => {
          const log = new MemoryEventStore();
          const history = new SyntheticHistory({ seed, instansi: INSTANSI });
          const store = new MemoryReadModelStore();
          await store.set(controlKeys(INSTANSI).alias, '1');
          // Queries that keep their parsed entities across writes must answer as the fold at every step.
          const along = new ProjectionQueries(store, INSTANSI);
          // Live: project after every few commands, in small batches, as the projector would.
          for (let i = 0; i < steps; i++) {
            await history.step(log);
            if (i % 3 === 0) {
              await projectInto(log, store, 1, batchSize);
              for (const unitId of history.state.units.keys()) {
                const answer = await along.roster(unitId, SYNTHETIC_TODAY, 1);
                expect(answer.body).toEqual(rosterOf(history.state, unitId, SYNTHETIC_TODAY, 1));
              }
              for (const nip of history.state.employees.keys()) {
                const answer = await along.employee(nip, SYNTHETIC_TODAY);
                expect(answer.body).toEqual(
                  employeeProfile(
                    history.state,
                    history.dev.get(nip),
                    nip,
                    SYNTHETIC_TODAY,
                    DEFAULT_DOMAIN_CONFIG,
                  ),
                );
              }
            }
          }
          await projectInto(log, store, 1, batchSize);
          // Rebuild: everything at once into another version.
          await projectInto(log, store, 2, 1000);
          const live = await store.dump(readModelKeys(INSTANSI, 1).prefix);
          const rebuilt = await store.dump(readModelKeys(INSTANSI, 2).prefix);
          live.delete('meta');
          rebuilt.delete('meta');
          expect(rebuilt).toEqual(live);

          const fold = history.state;
          const queries = new ProjectionQueries(store, INSTANSI);
          for (const asOf of DATES) {
            for (const unitId of fold.units.keys()) {
              const answer = await queries.roster(unitId, asOf, 1);
              expect(answer.body).toEqual(rosterOf(fold, unitId, asOf, 1));
            }
            for (const nip of fold.employees.keys()) {
              const answer = await queries.employee(nip, asOf);
              expect(answer.body).toEqual(
                employeeProfile(fold, history.dev.get(nip), nip, asOf, DEFAULT_DOMAIN_CONFIG),
              );
            }
          }
          for (const positionId of fold.positions.keys()) {
            const answer = await queries.position(positionId, SYNTHETIC_TODAY);
            expect(answer.body?.version).toBe(fold.positions.get(positionId)!.version);
          }
          for (const [nip, employee] of fold.employees) {
            const answer = await queries.employee(nip, SYNTHETIC_TODAY);
            expect(answer.version).toBe(`${employee.version}.${history.dev.get(nip)?.revision ?? -1}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
