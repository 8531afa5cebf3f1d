import { childUnits, decideStaffing, rosterOf, type StaffingCommand } from '../src/index';
import { context, given, stateAfter } from './decider-spec';
import { B, D, decree, placed, sk, structure } from './fixtures';

const change = (
  unitId: string,
  change: { name?: string; parentId?: string | null },
  effectiveDate = '2025-01-01',
): StaffingCommand => ({
  type: 'ChangeUnit',
  data: { unitId, ...change, effectiveDate, basis: 'Perda 5/2024' },
});
const dissolve = (unitId: string, effectiveDate = '2025-01-01'): StaffingCommand => ({
  type: 'DissolveUnit',
  data: { unitId, effectiveDate, decree: sk('SK-UNIT/2025') },
});
const establish = (unitId: string, parentId?: string, effectiveDate = '2020-01-01'): StaffingCommand => ({
  type: 'EstablishUnit',
  data: { unitId, name: `Unit ${unitId}`, kind: 'BIDANG', parentId, effectiveDate },
});
const abolish = (positionId: string, effectiveDate = '2024-12-31'): StaffingCommand => ({
  type: 'AbolishPosition',
  data: { positionId, effectiveDate, decree: sk('SK-ABOLISH/2024', '2024-12-01') },
});
/** U1 (OPD) with U2 below it (fixtures), and a second OPD U9 with U3 below it. */
const tree = [...structure, establish('U9'), establish('U3', 'U9')];

describe('units renamed, moved in the tree and dissolved', () => {
  it('a rename counts from its effective date: the roster before it keeps the old name', () => {
    const state = stateAfter([...placed, change('U2', { name: 'Bidang Pelayanan' })]);
    expect(rosterOf(state, 'U2', '2024-12-31')!.unit.name).toBe('Unit U2');
    expect(rosterOf(state, 'U2', '2025-01-01')!.unit.name).toBe('Bidang Pelayanan');
  });

  it('a move counts from its effective date: the subunit rolls up under the new parent from then on', () => {
    const state = stateAfter([...placed, establish('U9'), change('U2', { parentId: 'U9' }, '2025-03-01')]);
    expect(childUnits(state, 'U1', '2025-02-28')).toEqual(['U2']);
    expect(childUnits(state, 'U9', '2025-02-28')).toEqual([]);
    expect(childUnits(state, 'U1', '2025-03-01')).toEqual([]);
    expect(childUnits(state, 'U9', '2025-03-01')).toEqual(['U2']);
    // U2's posts (KASI2, KASI3, AHLI, MADYA) leave U1's totals on the day of the move.
    const before = rosterOf(state, 'U1', '2025-02-28', 1)!.totals.kebutuhan;
    const after = rosterOf(state, 'U1', '2025-03-01', 1)!.totals.kebutuhan;
    expect(before - after).toBe(1 + 1 + 2 + 1);
    expect(rosterOf(state, 'U9', '2025-03-01', 1)!.totals.kebutuhan).toBe(5);
    expect(rosterOf(state, 'U2', '2025-03-01')!.unit.parentId).toBe('U9');
  });

  it('a move to parentId null makes the unit top-level', () => {
    given(...tree)
      .when(change('U3', { parentId: null }))
      .thenAccepts((events) => expect(events).toEqual([expect.objectContaining({ type: 'UnitMoved' })]));
  });

  it('a rename and a move in one change give two events, each dated', () => {
    given(...tree)
      .when(change('U3', { name: 'Bidang Baru', parentId: 'U1' }))
      .thenAccepts((events) => expect(events.map((e) => e.type)).toEqual(['UnitRenamed', 'UnitMoved']));
  });

  it('UNIT_CYCLE: a unit cannot move below itself or below one of its subunits', () => {
    given(...tree)
      .when(change('U1', { parentId: 'U1' }))
      .thenRejects('UNIT_CYCLE');
    given(...tree)
      .when(change('U1', { parentId: 'U2' }))
      .thenRejects('UNIT_CYCLE');
  });

  it('UNIT_CYCLE: a retroactive move is checked against the later moves already recorded', () => {
    // From 2025-06-01 U9 sits below U2; moving U2 below U9 from 2025-01-01 would close a loop on 2025-06-01.
    given(...tree, change('U9', { parentId: 'U2' }, '2025-06-01'))
      .when(change('U2', { parentId: 'U9' }, '2025-01-01'))
      .thenRejects('UNIT_CYCLE');
  });

  it('UNIT_NOT_EMPTY: a unit with a position still open on the dissolution date is not dissolved', () => {
    given(...tree)
      .when(dissolve('U3'))
      .thenAccepts();
    given(...tree)
      .when(dissolve('U2'))
      .thenRejects('UNIT_NOT_EMPTY');
  });

  it('UNIT_NOT_EMPTY: a unit with a subunit below it on or after the date is not dissolved', () => {
    given(...tree)
      .when(dissolve('U9'))
      .thenRejects('UNIT_NOT_EMPTY');
    // Once the subunit has moved away (before the date), the unit can go.
    given(...tree, change('U3', { parentId: 'U1' }, '2024-12-01'))
      .when(dissolve('U9'))
      .thenAccepts();
  });

  it('a unit whose positions are abolished first is dissolved, and leaves the tree on that day', () => {
    const state = stateAfter([
      ...structure,
      ...['KASI2', 'KASI3', 'AHLI', 'MADYA'].map((id) => abolish(id)),
      dissolve('U2'),
    ]);
    expect(childUnits(state, 'U1', '2024-12-31')).toEqual(['U2']);
    expect(childUnits(state, 'U1', '2025-01-01')).toEqual([]);
  });

  it('UNIT_CLOSED: nothing is established in, moved under or renamed in a dissolved unit', () => {
    const gone = [...tree, dissolve('U3')];
    given(...gone)
      .when({
        type: 'EstablishPosition',
        data: {
          positionId: 'P9',
          unitId: 'U3',
          title: 'X',
          kind: 'PELAKSANA',
          kebutuhan: 1,
          effectiveDate: '2024-01-01',
        },
      })
      .thenRejects('UNIT_CLOSED');
    given(...gone)
      .when(establish('U4', 'U3', '2024-01-01'))
      .thenRejects('UNIT_CLOSED');
    given(...gone)
      .when(change('U2', { parentId: 'U3' }, '2024-01-01'))
      .thenRejects('UNIT_CLOSED');
    given(...gone)
      .when(change('U3', { name: 'Y' }, '2025-02-01'))
      .thenRejects('UNIT_CLOSED');
    given(...gone)
      .when(dissolve('U3', '2025-02-01'))
      .thenRejects('UNIT_CLOSED');
  });

  it('UNIT_CLOSED: nobody is redeployed to a unit that is dissolved before the redeployment ends', () => {
    const redeploy = (endDate: string): StaffingCommand =>
      decree([{ type: 'REDEPLOY', nip: D, unitId: 'U3', effectiveDate: '2024-10-01', endDate }]);
    given(...placed, establish('U9'), establish('U3', 'U9'), dissolve('U3'))
      .when(redeploy('2025-02-01'))
      .thenRejects('UNIT_CLOSED', 0);
    // Back home on the dissolution day: the unit existed on every day of it.
    given(...placed, establish('U9'), establish('U3', 'U9'), dissolve('U3'))
      .when(redeploy('2025-01-01'))
      .thenAccepts();
  });

  it('UNIT_CLOSED: a change before the unit is established is refused', () => {
    given(...tree)
      .when(change('U3', { name: 'Y' }, '2019-12-31'))
      .thenRejects('UNIT_CLOSED');
  });

  it('NOT_FOUND and VALIDATION_FAILED name the unit or the missing field', () => {
    given(...tree)
      .when(change('NOPE', { name: 'Y' }))
      .thenRejects('NOT_FOUND');
    given(...tree)
      .when(change('U3', { parentId: 'NOPE' }))
      .thenRejects('NOT_FOUND');
    given(...tree)
      .when(change('U3', {}))
      .thenRejects('VALIDATION_FAILED');
    given(...tree)
      .when(dissolve('NOPE'))
      .thenRejects('NOT_FOUND');
  });

  it('a decided change leaves the state it was decided on untouched', () => {
    const state = stateAfter(tree);
    const decision = decideStaffing(change('U3', { name: 'Y', parentId: 'U1' }), state, context());
    expect(decision.ok).toBe(true);
    expect(state.units.get('U3')).toMatchObject({ name: 'Unit U3', parentId: 'U9' });
    expect(state.units.get('U3')!.renames).toBeUndefined();
  });
});

describe('positions moved to another unit', () => {
  const move = (positionId: string, unitId: string, effectiveDate = '2025-03-01'): StaffingCommand => ({
    type: 'ChangePositionRequirements',
    data: { positionId, unitId, effectiveDate, basis: 'Perwal SOTK 2025' },
  });

  it('a moved position leaves its unit on the move date, with its holder, and joins the other', () => {
    // B holds KASI2 in U2 since 2020-02-01 (fixtures).
    const state = stateAfter([...placed, move('KASI2', 'U1')]);
    const ids = (unitId: string, asOf: string) => rosterOf(state, unitId, asOf)!.positions.map((p) => p.id);
    expect(ids('U2', '2025-02-28')).toContain('KASI2');
    expect(ids('U1', '2025-02-28')).not.toContain('KASI2');
    expect(ids('U2', '2025-03-01')).not.toContain('KASI2');
    const moved = rosterOf(state, 'U1', '2025-03-01')!.positions.find((p) => p.id === 'KASI2')!;
    expect(moved.holders.map((h) => h.nip)).toEqual([B]);
  });

  it('the change gives PositionMoved, and PositionRequirementsChanged only when requirements change too', () => {
    given(...placed)
      .when(move('KASI2', 'U1'))
      .thenAccepts((events) => expect(events.map((e) => e.type)).toEqual(['PositionMoved']));
    given(...placed)
      .when({
        type: 'ChangePositionRequirements',
        data: { positionId: 'STAF', unitId: 'U2', kebutuhan: 4, effectiveDate: '2025-03-01', basis: 'ABK' },
      })
      .thenAccepts((events) => {
        expect(events.map((e) => e.type)).toEqual(['PositionRequirementsChanged', 'PositionMoved']);
        expect(events[0].data).not.toHaveProperty('unitId');
      });
  });

  it('a redeployment from a moved post starts from the unit the post is in on its date', () => {
    given(...placed, move('KASI2', 'U1'))
      .when(
        decree([
          { type: 'REDEPLOY', nip: B, unitId: 'U2', effectiveDate: '2025-04-01', endDate: '2025-06-01' },
        ]),
      )
      .thenAccepts((events) =>
        expect(events.find((e) => e.type === 'EmployeeRedeployed')!.data).toMatchObject({ fromUnitId: 'U1' }),
      );
  });

  it('UNIT_NOT_EMPTY counts positions moved in, and not those moved out, by the dissolution date', () => {
    const sk2 = sk('SK-MOVE/2024', '2024-11-01');
    const emptyU9 = [...tree, dissolve('U3')];
    given(...emptyU9, move('KASI2', 'U9', '2024-12-01'))
      .when(dissolve('U9'))
      .thenRejects('UNIT_NOT_EMPTY');
    // U2's four posts all moved to U1 before 2025-01-01: U2 can go.
    given(...structure, ...['KASI2', 'KASI3', 'AHLI', 'MADYA'].map((id) => move(id, 'U1', '2024-12-01')))
      .when({ type: 'DissolveUnit', data: { unitId: 'U2', effectiveDate: '2025-01-01', decree: sk2 } })
      .thenAccepts();
  });

  it('UNIT_CLOSED and POSITION_CLOSED: no move into a dissolved unit, nor of an abolished post', () => {
    given(...tree, dissolve('U3'))
      .when(move('KASI2', 'U3', '2024-06-01'))
      .thenRejects('UNIT_CLOSED');
    given(...structure, abolish('KASI2'))
      .when(move('KASI2', 'U1', '2025-03-01'))
      .thenRejects('POSITION_CLOSED');
    given(...structure)
      .when(move('KASI2', 'NOPE'))
      .thenRejects('NOT_FOUND');
  });
});
