import { given } from './decider-spec';
import {
  A,
  acting,
  B,
  C,
  D,
  decree,
  letter,
  placed,
  reassign,
  register,
  sk,
  structure,
  people,
  appoint,
  nip,
} from './fixtures';

describe('reported rules in command responses (warnings, never refusals)', () => {
  it('RETROACTIVE: a TMT earlier than the SK date', () => {
    given(...placed)
      .when(decree([reassign(D, 'SEKRE', '2025-01-01')], sk('SK-R', '2025-02-01')))
      .thenWarns('RETROACTIVE');
  });
  it('TENURE: a move after less than 2 years in post', () => {
    given(...placed, decree([reassign(D, 'SEKRE', '2024-06-01')]))
      .when(decree([reassign(D, 'STAF', '2025-01-01')]))
      .thenWarns('TENURE');
  });
  it('RANK_OUTSIDE_RANGE: a pangkat outside the usual range of the post', () => {
    given(...placed)
      .when(decree([reassign(D, 'SEKRE', '2025-02-01')]))
      .thenWarns('RANK_OUTSIDE_RANGE');
  });
  it('VACANT: a move that leaves a manajerial post without a holder', () => {
    given(...placed)
      .when(decree([reassign(A, 'SEKRE')]))
      .thenWarns('VACANT');
  });
  it('OVERSTAFFED: more holders than kebutuhan', () => {
    given(...placed, decree([reassign(A, 'STAF', '2025-01-01')]))
      .when(decree([reassign(B, 'STAF', '2025-02-01')]))
      .thenWarns('OVERSTAFFED');
  });
  it('UNDERSTAFFED: a move that leaves a headcount post below kebutuhan', () => {
    given(...placed)
      .when(decree([reassign(D, 'SEKRE', '2025-02-01')]))
      .thenWarns('UNDERSTAFFED');
  });
  it('ACTING_EXPIRING: a Plt ending within 14 days', () => {
    given(...placed, decree([reassign(C, 'AHLI', '2025-01-01')]))
      .when(decree([acting(A, 'KASI3', 'PLT', '2025-05-20', '2025-06-10')], letter()))
      .thenWarns('ACTING_EXPIRING');
  });
  it('RETIRING_SOON: a placement of someone whose BUP is within 12 months', () => {
    const old = nip('19670710', '199001');
    given(...structure, ...people)
      .when(decree([appoint(old, 'STAF', '2025-02-01')]))
      .thenWarns('RETIRING_SOON');
  });
  it('warnings never refuse a command', () => {
    given(...placed, register(nip('19900101', '201501'), 'E'))
      .when(decree([reassign(D, 'SEKRE', '2025-01-01')], sk('SK-R', '2025-02-01')))
      .thenAccepts((_, warnings) => expect(warnings.length).toBeGreaterThan(0));
  });
});

describe('acting extensions', () => {
  it('a Plh can be extended once within 3 months', () => {
    given(
      ...placed,
      decree([reassign(B, 'SEKRE', '2025-01-01')]),
      decree([acting(A, 'KASI2', 'PLT')], letter()),
    )
      .when(
        decree(
          [{ type: 'EXTEND_ACTING', nip: A, positionId: 'KASI2', endDate: '2025-08-31' }],
          letter('SPR-2'),
        ),
      )
      .thenAccepts();
  });
});
