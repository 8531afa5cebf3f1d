import type { DecreeLine, DecreeRef, StaffingCommand } from '@asn/domain';
import { DEFAULT_DOMAIN_CONFIG, employeeProfile, rosterOf } from '@asn/domain';
import { nthNip } from '@asn/testing';
import { readModelKeys } from '../src/keys';
import { toCsv } from '../src/read/reports';
import { INSTANSI, ProjectionHarness } from './harness';

const A = nthNip(0);
const B = nthNip(1);
const C = nthNip(2);

const sk = (number: string, signedOn = '2025-01-10'): DecreeRef => ({
  number,
  signedOn,
  signer: { name: 'Wali Kota Semarang' },
  kind: 'SK',
});
const letter = (number: string): DecreeRef => ({ ...sk(number), kind: 'SURAT_PERINTAH' });
const decree = (decreeId: string, lines: DecreeLine[], ref = sk(`SK-${decreeId}`)): StaffingCommand => ({
  type: 'IssueDecree',
  data: { decreeId, decree: ref, lines },
});
const register = (nip: string, name: string): StaffingCommand => ({
  type: 'RegisterEmployee',
  data: { nip, name, kind: 'PNS', rank: 'III/c', joinedOn: '2010-01-01' },
});

/** Dinas U1 with bidang U2: a kepala seksi post in each and a staff post in U1. */
const structure: StaffingCommand[] = [
  { type: 'EstablishUnit', data: { unitId: 'U1', name: 'Dinas', kind: 'OPD', effectiveDate: '2020-01-01' } },
  {
    type: 'EstablishUnit',
    data: { unitId: 'U2', name: 'Bidang', kind: 'BIDANG', parentId: 'U1', effectiveDate: '2020-01-01' },
  },
  {
    type: 'EstablishPosition',
    data: {
      positionId: 'KASI1',
      unitId: 'U1',
      title: 'Kasi 1',
      kind: 'PENGAWAS',
      kebutuhan: 1,
      effectiveDate: '2020-01-01',
    },
  },
  {
    type: 'EstablishPosition',
    data: {
      positionId: 'KASI2',
      unitId: 'U2',
      title: 'Kasi 2',
      kind: 'PENGAWAS',
      kebutuhan: 1,
      effectiveDate: '2020-01-01',
    },
  },
  {
    type: 'EstablishPosition',
    data: {
      positionId: 'STAF',
      unitId: 'U1',
      title: 'Staf',
      kind: 'PELAKSANA',
      kebutuhan: 3,
      effectiveDate: '2020-01-01',
    },
  },
  register(A, 'Agus'),
  register(B, 'Budi'),
  register(C, 'Citra'),
];

async function expectSameAsFold(h: ProjectionHarness, unitId: string, asOf: string, depth = 1) {
  const answer = await h.queries.roster(unitId, asOf, depth);
  expect(answer.body).toEqual(rosterOf(h.history.state, unitId, asOf, depth));
  return answer.body!;
}

describe('read models from the staffing log', () => {
  it('a roster lists holders, bezetting and gap per position, and rolls totals up the unit tree', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [
        { type: 'APPOINT', nip: A, positionId: 'KASI2', effectiveDate: '2021-01-04' },
        { type: 'APPOINT', nip: B, positionId: 'STAF', effectiveDate: '2021-01-04' },
      ]),
    );
    await h.project();
    const roster = await expectSameAsFold(h, 'U1', '2025-06-02');
    const staf = roster.positions.find((p) => p.id === 'STAF')!;
    expect(staf).toMatchObject({ kebutuhan: 3, bezetting: 1, gap: -2 });
    expect(staf.holders).toEqual([
      { nip: B, name: 'Budi', since: '2021-01-04', decree: { decreeId: 'D1', number: 'SK-D1' } },
    ]);
    expect(roster.totals).toEqual({ kebutuhan: 5, bezetting: 2, gap: -3, vacantManajerial: 1 });
    expect(roster.subunits?.[0].positions[0].holders.map((x) => x.nip)).toEqual([A]);
  });

  it('a future-dated move shows from its effective date on, with no new event', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: A, positionId: 'STAF', effectiveDate: '2021-01-04' }]),
      decree('D2', [
        { type: 'REASSIGN', nip: A, positionId: 'KASI1', moveKind: 'PROMOSI', effectiveDate: '2025-07-01' },
      ]),
    );
    await h.project();
    const before = await expectSameAsFold(h, 'U1', '2025-06-30');
    expect(before.positions.find((p) => p.id === 'STAF')!.bezetting).toBe(1);
    const after = await expectSameAsFold(h, 'U1', '2025-07-01');
    expect(after.positions.find((p) => p.id === 'KASI1')!.holders.map((x) => x.nip)).toEqual([A]);
    expect(after.positions.find((p) => p.id === 'STAF')!.bezetting).toBe(0);
  });

  it('a retroactive decree (TMT before the SK date) changes the roster from its TMT', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree(
        'D1',
        [{ type: 'APPOINT', nip: C, positionId: 'KASI1', effectiveDate: '2025-01-02' }],
        sk('SK-R', '2025-03-15'),
      ),
    );
    await h.project();
    const roster = await expectSameAsFold(h, 'U1', '2025-02-01', 0);
    expect(roster.positions.find((p) => p.id === 'KASI1')!.holders).toEqual([
      { nip: C, name: 'Citra', since: '2025-01-02', decree: { decreeId: 'D1', number: 'SK-R' } },
    ]);
    const earlier = await expectSameAsFold(h, 'U1', '2025-01-01', 0);
    expect(earlier.positions.find((p) => p.id === 'KASI1')!.bezetting).toBe(0);
  });

  it('an annulled decree no longer counts: its holder leaves the roster and the profile', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: A, positionId: 'KASI1', effectiveDate: '2024-01-02' }]),
    );
    await h.project();
    expect((await expectSameAsFold(h, 'U1', '2025-06-02', 0)).positions[0].bezetting).toBe(1);
    await h.given({
      type: 'AnnulDecree',
      data: { decreeId: 'D1', reason: 'keliru', decree: sk('SK-BATAL') },
    });
    await h.project();
    const roster = await expectSameAsFold(h, 'U1', '2025-06-02', 0);
    expect(roster.positions.find((p) => p.id === 'KASI1')).toMatchObject({ bezetting: 0, holders: [] });
    const profile = await h.queries.employee(A, '2025-06-02');
    expect(profile.body?.position).toBeNull();
    expect(profile.body).toEqual(
      employeeProfile(h.history.state, undefined, A, '2025-06-02', DEFAULT_DOMAIN_CONFIG),
    );
  });

  it('an acting period is listed through its last day and not on the day after, without a new event', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: B, positionId: 'KASI2', effectiveDate: '2021-01-04' }]),
      decree(
        'SP1',
        [
          {
            type: 'ACTING',
            nip: B,
            positionId: 'KASI1',
            role: 'PLT',
            effectiveDate: '2025-03-01',
            endDate: '2025-05-31',
          },
        ],
        letter('SPR-1'),
      ),
    );
    await h.project();
    const last = await expectSameAsFold(h, 'U1', '2025-05-31', 0);
    expect(last.positions.find((p) => p.id === 'KASI1')!.acting).toEqual([
      { nip: B, name: 'Budi', role: 'PLT', from: '2025-03-01', until: '2025-05-31' },
    ]);
    const next = await expectSameAsFold(h, 'U1', '2025-06-01', 0);
    expect(next.positions.find((p) => p.id === 'KASI1')!.acting).toEqual([]);
    expect((await h.queries.employee(B, '2025-06-01')).body!.acting).toEqual([]);
  });

  it('a Plt stops by itself on the day a definitive holder arrives', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: B, positionId: 'KASI2', effectiveDate: '2021-01-04' }]),
      decree(
        'SP1',
        [
          {
            type: 'ACTING',
            nip: B,
            positionId: 'KASI1',
            role: 'PLT',
            effectiveDate: '2025-03-01',
            endDate: '2025-05-31',
          },
        ],
        letter('SPR-1'),
      ),
      decree('D2', [{ type: 'APPOINT', nip: A, positionId: 'KASI1', effectiveDate: '2025-04-01' }]),
    );
    await h.project();
    const roster = await expectSameAsFold(h, 'U1', '2025-04-01', 0);
    expect(roster.positions.find((p) => p.id === 'KASI1')!.acting).toEqual([]);
    const profile = await h.queries.employee(B, '2025-03-15');
    expect(profile.body!.acting).toEqual([
      { positionId: 'KASI1', role: 'PLT', from: '2025-03-01', until: '2025-03-31' },
    ]);
  });

  it('a redeployed employee shows in the host unit and still counts at home', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: A, positionId: 'STAF', effectiveDate: '2021-01-04' }]),
      decree('D2', [
        { type: 'REDEPLOY', nip: A, unitId: 'U2', effectiveDate: '2025-05-01', endDate: '2025-08-01' },
      ]),
    );
    await h.project();
    const home = await expectSameAsFold(h, 'U1', '2025-06-02', 0);
    expect(home.redeployedOut).toEqual([
      { nip: A, name: 'Agus', toUnitId: 'U2', from: '2025-05-01', until: '2025-08-01' },
    ]);
    expect(home.positions.find((p) => p.id === 'STAF')!.bezetting).toBe(1);
    const host = await expectSameAsFold(h, 'U2', '2025-06-02', 0);
    expect(host.redeployedIn.map((r) => r.nip)).toEqual([A]);
  });

  it('the employee profile has trainings, JP this year and the work arrangement, as the fold computes them', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: A, positionId: 'STAF', effectiveDate: '2021-01-04' }]),
      {
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
          hours: 12,
        },
      },
      {
        type: 'ArrangeWork',
        data: {
          nip: A,
          location: 'HOME',
          flexibleDays: ['FRI'],
          time: 'FIXED',
          from: '2025-03-03',
          basis: 'SE',
          approvedBy: 'Kadis',
        },
      },
    );
    await h.project();
    const profile = (await h.queries.employee(A, '2025-06-02')).body!;
    expect(profile.trainingHoursThisYear).toBe(12);
    expect(profile.workArrangement?.location).toBe('HOME');
    expect(profile.warnings.map((w) => w.code)).toContain('JP_BELOW_MINIMUM');
    expect(profile).toEqual(
      employeeProfile(h.history.state, h.history.dev.get(A), A, '2025-06-02', DEFAULT_DOMAIN_CONFIG),
    );
  });

  it('projecting the same events twice changes nothing', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: A, positionId: 'STAF', effectiveDate: '2021-01-04' }]),
    );
    await h.project();
    const keys = readModelKeys(INSTANSI, 1);
    const once = await h.store.dump(keys.prefix);
    await h.store.commit({
      guards: [],
      writes: [{ op: 'hset', key: keys.meta, field: 'checkpoint', value: '0' }],
    });
    await h.project();
    const twice = await h.store.dump(keys.prefix);
    once.delete('meta');
    twice.delete('meta');
    expect(twice).toEqual(once);
  });

  it('reports list vacancies, expiring acting and missing trainings of a unit subtree; CSV on request', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [
        { type: 'APPOINT', nip: B, positionId: 'KASI2', effectiveDate: '2021-01-04' },
        { type: 'APPOINT', nip: C, positionId: 'STAF', effectiveDate: '2021-01-04' },
      ]),
      decree(
        'SP1',
        [
          {
            type: 'ACTING',
            nip: B,
            positionId: 'KASI1',
            role: 'PLT',
            effectiveDate: '2025-05-01',
            endDate: '2025-06-10',
          },
        ],
        letter('SPR-1'),
      ),
    );
    await h.project();
    const asOf = '2025-06-02';
    const vacancies = (await h.queries.report('vacancies', { unitId: 'U1', asOf })).body!;
    expect(vacancies.map((r) => r.positionId)).toEqual(['KASI1', 'STAF']);
    expect(vacancies[0]).toMatchObject({
      manajerial: true,
      coveredBy: { nip: B, role: 'PLT', until: '2025-06-10' },
      coveredForDays: 9,
    });
    const expiring = (await h.queries.report('acting-expiring', { unitId: 'U1', asOf, days: 14 })).body!;
    expect(expiring).toEqual([expect.objectContaining({ nip: B, positionId: 'KASI1', daysLeft: 8 })]);
    const gaps = (await h.queries.report('competency-gaps', { unitId: 'U2', asOf })).body!;
    expect(gaps).toEqual([expect.objectContaining({ nip: B, missing: ['PKP'] })]);
    const summary = (await h.queries.dashboard('U1', asOf)).body!;
    expect(summary).toMatchObject({
      employees: 2,
      positions: 3,
      vacantManajerial: 1,
      coveredByActing: 1,
      actingExpiring: 1,
      understaffed: 2,
      trainingGaps: 1,
      jpBelowMinimum: 2,
    });
    const csv = toCsv(expiring);
    expect(csv.split('\r\n')[0]).toBe('nip,name,role,positionId,title,unitId,from,until,daysLeft');
  });

  it('employees are paged in NIP order and searchable by name', async () => {
    const h = new ProjectionHarness();
    await h.given(
      ...structure,
      decree('D1', [{ type: 'APPOINT', nip: A, positionId: 'KASI2', effectiveDate: '2021-01-04' }]),
    );
    await h.project();
    const first = (await h.queries.employees({ limit: 2, asOf: '2025-06-02' })).body!;
    expect(first.items.map((i) => i.nip)).toEqual([A, B]);
    expect(first.nextCursor).toBe(B);
    const rest = (await h.queries.employees({ limit: 2, cursor: first.nextCursor!, asOf: '2025-06-02' }))
      .body!;
    expect(rest).toEqual({ items: [expect.objectContaining({ nip: C })], nextCursor: null });
    const found = (await h.queries.employees({ q: 'bud', limit: 10, asOf: '2025-06-02' })).body!;
    expect(found.items.map((i) => i.name)).toEqual(['Budi']);
    const inUnit = (await h.queries.employees({ unitId: 'U2', limit: 10, asOf: '2025-06-02' })).body!;
    expect(inUnit.items).toEqual([
      expect.objectContaining({ nip: A, position: { id: 'KASI2', title: 'Kasi 2', unitId: 'U2' } }),
    ]);
  });
});
