import fc from 'fast-check';
import type { DecreeLine, StaffingCommand } from '@asn/domain';
import type { EmployeeDevState, StaffingState } from '@asn/domain';
import { addDays, DEFAULT_DOMAIN_CONFIG, rosterOf, unitOpenOn, unitParentOn } from '@asn/domain';
import { nthNip } from '@asn/testing';
import { MemoryEventStore } from '@asn/event-store';
import { SYNTHETIC_TODAY, SyntheticHistory } from '../../../test/support/synthetic/synthetic-history';
import { controlKeys, readModelKeys } from '../src/keys';
import { dashboardSummary, rostersBelow } from '../src/read/reports';
import { runProjection } from '../src/runner/projection-run';
import { MemoryReadModelStore } from '../src/store/memory-read-model-store';
import type { StampedRead } from '../src/store/read-model-store.port';
import { INSTANSI, ProjectionHarness } from './harness';

const A = nthNip(0);
const B = nthNip(1);
const C = nthNip(2);
const TODAY = '2025-06-02';

let decrees = 0;
const decree = (lines: DecreeLine[], kind: 'SK' | 'SURAT_PERINTAH' = 'SK'): StaffingCommand => {
  decrees++;
  return {
    type: 'IssueDecree',
    data: {
      decreeId: `D${decrees}`,
      decree: { number: `SK-${decrees}`, signedOn: '2025-01-10', signer: { name: 'Wali Kota' }, kind },
      lines,
    },
  };
};
const position = (positionId: string, unitId: string, kebutuhan: number): StaffingCommand => ({
  type: 'EstablishPosition',
  data: { positionId, unitId, title: positionId, kind: 'PENGAWAS', kebutuhan, effectiveDate: '2020-01-01' },
});
const register = (nip: string, name: string): StaffingCommand => ({
  type: 'RegisterEmployee',
  data: { nip, name, kind: 'PNS', rank: 'III/c', joinedOn: '2010-01-01' },
});

/** Dinas U1 (posts P1, P2) with bidang U2 (post P3); A holds P1, B holds P2. */
const city: StaffingCommand[] = [
  { type: 'EstablishUnit', data: { unitId: 'U1', name: 'Dinas', kind: 'OPD', effectiveDate: '2020-01-01' } },
  {
    type: 'EstablishUnit',
    data: { unitId: 'U2', name: 'Bidang', kind: 'BIDANG', parentId: 'U1', effectiveDate: '2020-01-01' },
  },
  position('P1', 'U1', 1),
  position('P2', 'U1', 1),
  position('P3', 'U2', 1),
  register(A, 'Agus'),
  register(B, 'Budi'),
  register(C, 'Citra'),
];
const placed = decree([
  { type: 'APPOINT', nip: A, positionId: 'P1', effectiveDate: '2021-01-04' },
  { type: 'APPOINT', nip: B, positionId: 'P2', effectiveDate: '2021-01-04' },
]);

/** A memory store that records the entity keys each query reads in full. */
class CountingStore extends MemoryReadModelStore {
  read: string[] = [];

  override hgetallIfChanged(stampsKey: string, requests: StampedRead[]) {
    return super.hgetallIfChanged(stampsKey, requests).then((replies) => {
      replies.forEach((reply, i) => reply.hash !== null && this.read.push(requests[i].field));
      return replies;
    });
  }
}

/** GET /dashboard/summary as the fold of the events gives it. */
function foldDashboard(
  state: StaffingState,
  dev: Map<string, EmployeeDevState>,
  unitId: string | undefined,
  asOf: string,
) {
  const tops = unitId
    ? [unitId]
    : [...state.units.values()]
        .filter((u) => unitParentOn(u, asOf) === null && unitOpenOn(u, asOf))
        .map((u) => u.unitId)
        .sort();
  const rosters = rostersBelow(state, tops, asOf);
  const ctx = { state, dev, asOf, config: DEFAULT_DOMAIN_CONFIG };
  return dashboardSummary(
    ctx,
    rosters,
    rosters.filter((r) => tops.includes(r.unit.id)),
  );
}

async function expectFold(h: ProjectionHarness, unitId: string, asOf = TODAY, depth = 1) {
  const answer = await h.queries.roster(unitId, asOf, depth);
  expect(answer.body).toEqual(rosterOf(h.history.state, unitId, asOf, depth));
  return answer;
}

describe('roster queries kept across writes', () => {
  it('after a write to one holder, only that holder is read again, and the roster shows the change', async () => {
    const store = new CountingStore();
    const h = new ProjectionHarness(store);
    await h.given(...city, placed);
    await h.project();
    await expectFold(h, 'U1');
    store.read = [];
    const position = await h.given({
      type: 'SeparateEmployee',
      data: {
        nip: A,
        reason: 'RESIGNATION',
        effectiveDate: '2025-03-01',
        decree: { number: 'SK-X', signedOn: '2025-02-01', signer: { name: 'Wali Kota' } },
      },
    });
    await h.project();
    const answer = await expectFold(h, 'U1');
    expect(store.read).toEqual([`e:${A}`]);
    expect(answer.position).toBe(position);
    expect(answer.body!.positions.find((p) => p.id === 'P1')!.holders).toEqual([]);
  });

  it('a new holder, a move between two rows, an acting and a redeployment show after their write', async () => {
    const h = new ProjectionHarness();
    await h.given(...city, placed);
    await h.project();
    await expectFold(h, 'U1');
    await h.given(decree([{ type: 'APPOINT', nip: C, positionId: 'P3', effectiveDate: '2024-01-02' }]));
    await h.project();
    await expectFold(h, 'U1');
    await h.given(
      decree([
        { type: 'REASSIGN', nip: A, positionId: 'P2', moveKind: 'ROTASI', effectiveDate: '2025-02-03' },
        { type: 'REASSIGN', nip: B, positionId: 'P1', moveKind: 'ROTASI', effectiveDate: '2025-02-03' },
      ]),
    );
    await h.project();
    const moved = await expectFold(h, 'U1');
    expect(moved.body!.positions.map((p) => p.holders.map((x) => x.nip))).toEqual([[B], [A]]);
    await h.given(
      decree([
        { type: 'REDEPLOY', nip: A, unitId: 'U2', effectiveDate: '2025-05-01', endDate: '2025-08-01' },
      ]),
    );
    await h.project();
    const redeployed = await expectFold(h, 'U1');
    expect(redeployed.body!.redeployedOut.map((r) => r.nip)).toEqual([A]);
    expect(redeployed.body!.subunits![0].redeployedIn.map((r) => r.nip)).toEqual([A]);
  });

  it('a Plt shows after its decree and stops on the day a definitive holder arrives', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...city,
      decree([{ type: 'APPOINT', nip: A, positionId: 'P1', effectiveDate: '2021-01-04' }]),
    );
    await h.project();
    await expectFold(h, 'U1', '2025-05-01');
    await h.given(
      decree(
        [
          {
            type: 'ACTING',
            nip: A,
            positionId: 'P2',
            role: 'PLT',
            effectiveDate: '2025-03-01',
            endDate: '2025-05-31',
          },
        ],
        'SURAT_PERINTAH',
      ),
    );
    await h.project();
    const acting = await expectFold(h, 'U1', '2025-05-01');
    expect(acting.body!.positions.find((p) => p.id === 'P2')!.acting.map((a) => a.nip)).toEqual([A]);
    await h.given(decree([{ type: 'APPOINT', nip: B, positionId: 'P2', effectiveDate: '2025-04-01' }]));
    await h.project();
    const covered = await expectFold(h, 'U1', '2025-05-01');
    expect(covered.body!.positions.find((p) => p.id === 'P2')!.acting).toEqual([]);
  });

  it('a new position, a new subunit and an annulment show after their write (the roster is read again)', async () => {
    const h = new ProjectionHarness();
    await h.given(...city, placed);
    await h.project();
    await expectFold(h, 'U1');
    await h.given(position('P4', 'U1', 2));
    await h.project();
    expect((await expectFold(h, 'U1')).body!.positions.map((p) => p.id)).toEqual(['P1', 'P2', 'P4']);
    await h.given({
      type: 'EstablishUnit',
      data: { unitId: 'U3', name: 'Seksi', kind: 'SEKSI', parentId: 'U1', effectiveDate: '2020-01-01' },
    });
    await h.project();
    expect((await expectFold(h, 'U1')).body!.subunits!.map((u) => u.unit.id)).toEqual(['U2', 'U3']);
    await h.given({
      type: 'AnnulDecree',
      data: {
        decreeId: (placed.data as { decreeId: string }).decreeId,
        reason: 'keliru',
        decree: { number: 'SK-BATAL', signedOn: '2025-02-01', signer: { name: 'Wali Kota' } },
      },
    });
    await h.project();
    expect((await expectFold(h, 'U1')).body!.totals.bezetting).toBe(0);
  });

  it('a unit renamed, moved and dissolved shows after its write, each from its effective date', async () => {
    const h = new ProjectionHarness();
    await h.given(...city, placed, {
      type: 'EstablishUnit',
      data: { unitId: 'U9', name: 'Dinas Baru', kind: 'OPD', effectiveDate: '2020-01-01' },
    });
    await h.project();
    await expectFold(h, 'U1');
    const basis = 'Perda 5/2025';
    await h.given({
      type: 'ChangeUnit',
      data: { unitId: 'U2', name: 'Bidang Baru', parentId: 'U9', effectiveDate: '2025-03-01', basis },
    });
    await h.project();
    for (const asOf of ['2025-02-28', '2025-03-01', TODAY]) {
      await expectFold(h, 'U1', asOf);
      await expectFold(h, 'U9', asOf);
      expect((await h.queries.dashboard(undefined, asOf)).body).toEqual(
        foldDashboard(h.history.state, h.history.dev, undefined, asOf),
      );
    }
    expect((await expectFold(h, 'U9')).body!.subunits!.map((u) => u.unit.name)).toEqual(['Bidang Baru']);
    const sk = { number: 'SK-UNIT', signedOn: '2025-01-10', signer: { name: 'Wali Kota' } };
    await h.given(
      { type: 'AbolishPosition', data: { positionId: 'P3', effectiveDate: '2025-04-01', decree: sk } },
      { type: 'DissolveUnit', data: { unitId: 'U2', effectiveDate: '2025-04-01', decree: sk } },
      { type: 'ChangeUnit', data: { unitId: 'U9', parentId: 'U1', effectiveDate: '2025-05-01', basis } },
    );
    await h.project();
    for (const asOf of ['2025-03-31', '2025-04-01', '2025-04-30', TODAY]) {
      await expectFold(h, 'U1', asOf, 2);
      await expectFold(h, 'U9', asOf);
      expect((await h.queries.dashboard(undefined, asOf)).body).toEqual(
        foldDashboard(h.history.state, h.history.dev, undefined, asOf),
      );
    }
    expect((await expectFold(h, 'U1', TODAY, 2)).body!.subunits!.map((u) => u.unit.id)).toEqual(['U9']);
  });

  it('a position moved to another unit shows there from its date, with its holder', async () => {
    const h = new ProjectionHarness();
    await h.given(...city, placed);
    await h.project();
    await expectFold(h, 'U1');
    await h.given({
      type: 'ChangePositionRequirements',
      data: { positionId: 'P2', unitId: 'U2', effectiveDate: '2025-03-01', basis: 'Perwal SOTK' },
    });
    await h.project();
    for (const asOf of ['2025-02-28', '2025-03-01', TODAY]) {
      await expectFold(h, 'U1', asOf, 1);
      await expectFold(h, 'U2', asOf, 0);
      expect((await h.queries.dashboard('U2', asOf)).body).toEqual(
        foldDashboard(h.history.state, h.history.dev, 'U2', asOf),
      );
    }
    expect((await expectFold(h, 'U2', TODAY, 0)).body!.positions.map((p) => p.id)).toEqual(['P2', 'P3']);
    expect((await h.queries.position('P2', TODAY)).body).toMatchObject({ unitId: 'U2', bezetting: 1 });
    expect((await h.queries.position('P2', '2025-02-28')).body).toMatchObject({ unitId: 'U1' });
    // B holds P2: the profile names the unit the post is in on the date.
    expect((await h.queries.employee(B, TODAY)).body?.position).toMatchObject({ id: 'P2', unitId: 'U2' });
    expect((await h.queries.employee(B, '2025-02-28')).body?.position).toMatchObject({
      id: 'P2',
      unitId: 'U1',
    });
  });

  it('a future-dated move shows the next day with no new event', async () => {
    const h = new ProjectionHarness();
    await h.given(...city, placed);
    await h.project();
    await expectFold(h, 'U1', TODAY);
    const tomorrow = addDays(TODAY, 1);
    await h.given(
      decree([{ type: 'REASSIGN', nip: A, positionId: 'P3', moveKind: 'MUTASI', effectiveDate: tomorrow }]),
    );
    await h.project();
    expect((await expectFold(h, 'U1', TODAY)).body!.subunits![0].totals.bezetting).toBe(0);
    expect((await expectFold(h, 'U1', tomorrow)).body!.subunits![0].totals.bezetting).toBe(1);
  });

  it('the dashboard shows a training completed after it was last read', async () => {
    const h = new ProjectionHarness();
    await h.given(...city, placed);
    await h.project();
    const before = await h.queries.dashboard(undefined, TODAY);
    expect(before.body).toEqual(foldDashboard(h.history.state, h.history.dev, undefined, TODAY));
    expect(before.body!.jpBelowMinimum).toBe(2);
    await h.given({
      type: 'CompleteTraining',
      data: {
        nip: A,
        code: 'TK-1',
        name: 'Teknis',
        category: 'TEKNIS',
        provider: 'BPSDM',
        certificateNumber: 'C-1',
        startDate: '2025-02-01',
        endDate: '2025-02-05',
        hours: 40,
      },
    });
    await h.project();
    const after = await h.queries.dashboard(undefined, TODAY);
    expect(after.body).toEqual(foldDashboard(h.history.state, h.history.dev, undefined, TODAY));
    expect(after.body!.jpBelowMinimum).toBe(1);
  });

  it('property: rosters and dashboards kept across writes answer as the fold, on every date and depth', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const log = new MemoryEventStore();
        const history = new SyntheticHistory({ seed, instansi: INSTANSI });
        const h = new ProjectionHarness();
        const project = (after: string) =>
          runProjection({
            eventStore: log,
            store: h.store,
            keys: readModelKeys(INSTANSI, 1),
            guards: () => [],
            after,
            batchSize: 5,
            signal: new AbortController().signal,
            untilCaughtUp: true,
          });
        await h.store.set(controlKeys(INSTANSI).alias, '1');
        const dates = [SYNTHETIC_TODAY, addDays(SYNTHETIC_TODAY, 40)];
        let after = '0';
        for (let i = 0; i < 40; i++) {
          await history.step(log);
          if (i % 2 === 1) continue;
          after = await project(after);
          const depth = i % 4 === 0 ? 0 : 2;
          for (const unitId of history.state.units.keys()) {
            for (const asOf of dates) {
              const answer = await h.queries.roster(unitId, asOf, depth);
              expect(answer.body).toEqual(rosterOf(history.state, unitId, asOf, depth));
            }
          }
          for (const unitId of [undefined, history.state.units.keys().next().value]) {
            const answer = await h.queries.dashboard(unitId, SYNTHETIC_TODAY);
            if (unitId && !answer.body) continue;
            expect(answer.body).toEqual(foldDashboard(history.state, history.dev, unitId, SYNTHETIC_TODAY));
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
