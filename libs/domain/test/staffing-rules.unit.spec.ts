import { rosterOf } from '../src/index';
import { given, stateAfter, TODAY } from './decider-spec';
import {
  A,
  acting,
  appoint,
  B,
  C,
  D,
  decree,
  decreeWithId,
  letter,
  nip,
  OLD,
  people,
  placed,
  reassign,
  register,
  SIGNER,
  sk,
  structure,
} from './fixtures';

describe('identity and registration', () => {
  it('NIP_INVALID: a NIP whose birth date does not exist is refused', () => {
    given()
      .when(register(nip('19850230', '201001'), 'X'))
      .thenRejects('NIP_INVALID');
  });
  it('NIP_INVALID: a NIP with a sex digit other than 1 or 2 is refused', () => {
    given()
      .when(register(nip('19850315', '201001', '3' as '1'), 'X'))
      .thenRejects('NIP_INVALID');
  });
  it('NIP_INVALID: serial 000 is refused', () => {
    given()
      .when(register(nip('19850315', '201001', '1', '000'), 'X'))
      .thenRejects('NIP_INVALID');
  });
  it('NIP_INVALID: a CPNS start before the 18th birthday is refused', () => {
    given()
      .when(register(nip('19850315', '200201'), 'X'))
      .thenRejects('NIP_INVALID');
  });
  it('NIP_INVALID: a CPNS start in the future is refused', () => {
    given()
      .when(register(nip('19850315', '203001'), 'X'))
      .thenRejects('NIP_INVALID');
  });
  it('NIP_INVALID: a stated birth date that disagrees with the NIP is refused', () => {
    given()
      .when({
        type: 'RegisterEmployee',
        data: {
          nip: A,
          name: 'A',
          kind: 'PNS',
          rank: 'III/a',
          joinedOn: '2010-01-01',
          birthDate: '1985-03-16',
        },
      })
      .thenRejects('NIP_INVALID');
  });
  it('NIP_INVALID: an NI PPPK whose appointment year is before age 18 is refused', () => {
    given()
      .when({
        type: 'RegisterEmployee',
        data: { nip: '199001012000011001', name: 'P', kind: 'PPPK', rank: 'IX', joinedOn: '2022-01-01' },
      })
      .thenRejects('NIP_INVALID');
  });
  it('accepts a valid NI PPPK with a golongan and reads birth date and sex from it', () => {
    given()
      .when({
        type: 'RegisterEmployee',
        data: { nip: '199001012022012002', name: 'P', kind: 'PPPK', rank: 'IX', joinedOn: '2022-01-01' },
      })
      .thenAccepts((events) => expect(events[0].data).toMatchObject({ birthDate: '1990-01-01', sex: 'F' }));
  });
  it('EMPLOYEE_EXISTS: a NIP is registered once', () => {
    given(register(A, 'Agus')).when(register(A, 'Agus lagi')).thenRejects('EMPLOYEE_EXISTS');
  });
  it('RANK_INVALID: a PNS pangkat outside I/a..IV/e is refused', () => {
    given()
      .when(register(A, 'Agus', 'V/a'))
      .thenRejects('RANK_INVALID');
  });
  it('RANK_INVALID: a PPPK golongan outside I..XVII is refused', () => {
    given()
      .when({
        type: 'RegisterEmployee',
        data: { nip: '199001012022011002', name: 'P', kind: 'PPPK', rank: 'XVIII', joinedOn: '2022-01-01' },
      })
      .thenRejects('RANK_INVALID');
  });
  it('RANK_INVALID: a promotion to a pangkat that does not exist is refused', () => {
    given(...people)
      .when({
        type: 'PromoteEmployee',
        data: { nip: A, rank: 'III/e', effectiveDate: '2025-04-01', decree: sk() },
      })
      .thenRejects('RANK_INVALID');
  });
});

describe('definitive placements', () => {
  it('POSITION_OCCUPIED: a manajerial post gets no second definitive holder', () => {
    given(...placed)
      .when(decree([appoint(SIGNER.nip, 'KASI1', '2024-01-01')]))
      .thenRejects('POSITION_OCCUPIED');
  });
  it('POSITION_OCCUPIED: two people into one manajerial post in one decree is refused', () => {
    given(...structure, ...people)
      .when(decree([appoint(A, 'SEKRE'), appoint(B, 'SEKRE')]))
      .thenRejects('POSITION_OCCUPIED', 1);
  });
  it('a nonmanajerial post takes several holders (a headcount)', () => {
    given(...structure, ...people)
      .when(decree([appoint(A, 'STAF'), appoint(B, 'STAF')]))
      .thenAccepts();
  });
  it('ALREADY_PLACED: an APPOINT for someone already placed is refused (use REASSIGN)', () => {
    given(...placed)
      .when(decree([appoint(A, 'SEKRE', '2024-01-01')]))
      .thenRejects('ALREADY_PLACED');
  });
  it('NOT_PLACED: a REASSIGN for someone with no definitive position is refused (use APPOINT)', () => {
    given(...structure, ...people)
      .when(decree([reassign(A, 'SEKRE')]))
      .thenRejects('NOT_PLACED');
  });
  it('NOT_PLACED: a REDEPLOY for someone with no definitive position is refused', () => {
    given(...structure, ...people)
      .when(
        decree([
          { type: 'REDEPLOY', nip: A, unitId: 'U2', effectiveDate: '2025-03-01', endDate: '2025-06-01' },
        ]),
      )
      .thenRejects('NOT_PLACED');
  });
  it('POSITION_CLOSED: no placement into an abolished position', () => {
    given(...placed, {
      type: 'AbolishPosition',
      data: { positionId: 'SEKRE', effectiveDate: '2024-12-31', decree: sk() },
    })
      .when(decree([reassign(A, 'SEKRE', '2025-02-01')]))
      .thenRejects('POSITION_CLOSED');
  });
  it('POSITION_CLOSED: no placement before the position is established', () => {
    given(...placed)
      .when(decree([reassign(A, 'SEKRE', '2019-06-01')]))
      .thenRejects('POSITION_CLOSED');
  });
  it('EMPLOYEE_NOT_ACTIVE: no placement from the separation TMT on', () => {
    given(...placed, {
      type: 'SeparateEmployee',
      data: { nip: A, reason: 'RESIGNATION', effectiveDate: '2025-01-01', decree: sk() },
    })
      .when(decree([reassign(A, 'SEKRE', '2025-02-01')]))
      .thenRejects('EMPLOYEE_NOT_ACTIVE');
  });
  it('EMPLOYEE_NOT_ACTIVE: a separation before a recorded later placement is refused', () => {
    given(...placed, decree([reassign(A, 'SEKRE', '2025-03-01')]))
      .when({
        type: 'SeparateEmployee',
        data: { nip: A, reason: 'RESIGNATION', effectiveDate: '2025-02-01', decree: sk() },
      })
      .thenRejects('EMPLOYEE_NOT_ACTIVE');
  });
  it('AFTER_RETIREMENT: no placement with TMT on or after the retirement date', () => {
    given(...placed)
      .when(decree([reassign(OLD, 'KASI1', '2025-09-01')]))
      .thenRejects('AFTER_RETIREMENT');
  });
  it('AFTER_RETIREMENT: no acting period starting on or after the retirement date', () => {
    given(...placed, decree([reassign(A, 'SEKRE', '2025-01-01')]))
      .when(decree([acting(OLD, 'KASI1', 'PLT', '2025-08-01', '2025-09-30')], letter()))
      .thenRejects('AFTER_RETIREMENT');
  });
  it('DECREE_INCOMPLETE: a definitive placement without an SK number is refused', () => {
    given(...structure, ...people)
      .when(decree([appoint(A, 'SEKRE')], { signedOn: '2025-01-10', signer: { name: 'Wali Kota' } }))
      .thenRejects('DECREE_INCOMPLETE');
  });
  it('DECREE_INCOMPLETE: a definitive placement without an SK date is refused', () => {
    given(...structure, ...people)
      .when(decree([appoint(A, 'SEKRE')], { number: 'SK-1', signer: { name: 'Wali Kota' } }))
      .thenRejects('DECREE_INCOMPLETE');
  });
  it('DECREE_INCOMPLETE: a Plt without the signer of its surat perintah is refused', () => {
    given(...placed, decree([reassign(A, 'SEKRE', '2025-01-01')]))
      .when(decree([acting(B, 'KASI1')], { number: 'SPR-9', kind: 'SURAT_PERINTAH' }))
      .thenRejects('DECREE_INCOMPLETE');
  });
  it('SIGNER_NOT_AUTHORISED: a placement signed by someone who is only Plt at the SK date is refused', () => {
    given(
      ...placed,
      decree([appoint(SIGNER.nip, 'SEKRE', '2020-02-01')]),
      decree([reassign(A, 'STAF', '2024-12-01')]),
      decree([acting(D, 'KASI1', 'PLT', '2025-01-01', '2025-03-31')], letter()),
    )
      .when(
        decree([reassign(B, 'SEKRE', '2025-02-01')], {
          ...sk('SK-77', '2025-02-01'),
          signer: { name: 'Dewi', nip: D },
        }),
      )
      .thenRejects('SIGNER_NOT_AUTHORISED');
  });
  it('a placement signed by a definitive holder is accepted', () => {
    given(...placed)
      .when(
        decree([reassign(D, 'SEKRE', '2025-02-01')], {
          ...sk('SK-78', '2025-02-01'),
          signer: { name: 'Agus', nip: A },
        }),
      )
      .thenAccepts();
  });
  it('DECREE_ANNULLED: a decree cannot be annulled twice', () => {
    given(...placed, decreeWithId('dx', [reassign(D, 'SEKRE')], sk('SK-X')), {
      type: 'AnnulDecree',
      data: { decreeId: 'dx', reason: 'error', decree: sk('SK-Y') },
    })
      .when({ type: 'AnnulDecree', data: { decreeId: 'dx', reason: 'again', decree: sk('SK-Z') } })
      .thenRejects('DECREE_ANNULLED');
  });
  it('DECREE_ANNULLED: a change that refers to an annulled decree number is refused', () => {
    given(...placed, decreeWithId('dx', [reassign(D, 'SEKRE')], sk('SK-X')), {
      type: 'AnnulDecree',
      data: { decreeId: 'dx', reason: 'error', decree: sk('SK-Y') },
    })
      .when(decree([reassign(D, 'SEKRE')], sk('SK-X')))
      .thenRejects('DECREE_ANNULLED');
  });
  it('ELECTION_WINDOW: replacing a manajerial holder inside the window without Mendagri approval is refused', () => {
    given(...placed)
      .withConfig({ electionWindows: [{ from: '2025-01-01', to: '2025-12-31' }] })
      .when(decree([reassign(A, 'STAF', '2025-02-01'), reassign(D, 'KASI1', '2025-02-01')]))
      .thenRejects('ELECTION_WINDOW');
  });
  it('ELECTION_WINDOW: the same replacement with a Mendagri approval is accepted', () => {
    given(...placed)
      .withConfig({ electionWindows: [{ from: '2025-01-01', to: '2025-12-31' }] })
      .when(
        decree([reassign(A, 'STAF', '2025-02-01'), reassign(D, 'KASI1', '2025-02-01')], {
          ...sk('SK-E'),
          mendagriApproval: '100.2.2.6/123',
        }),
      )
      .thenAccepts();
  });
});

describe('acting officials (Plt/Plh)', () => {
  const vacantSekre = [...placed];
  it('a Plt on a vacant manajerial post is accepted', () => {
    given(...vacantSekre)
      .when(decree([acting(A, 'SEKRE')], letter()))
      .thenAccepts();
  });
  it('ACTING_NOT_MANAJERIAL: no Plt on a nonmanajerial post', () => {
    given(...vacantSekre)
      .when(decree([acting(A, 'STAF')], letter()))
      .thenRejects('ACTING_NOT_MANAJERIAL');
  });
  it('PLT_NOT_VACANT: no Plt while the post has a definitive holder', () => {
    given(...placed)
      .when(decree([acting(D, 'KASI1')], letter()))
      .thenRejects('PLT_NOT_VACANT');
  });
  it('PLH_HOLDER_PRESENT: no Plh while the holder is not recorded as absent', () => {
    given(...placed)
      .when(decree([acting(D, 'KASI1', 'PLH')], letter()))
      .thenRejects('PLH_HOLDER_PRESENT');
  });
  it('a Plh while the holder is recorded as absent is accepted', () => {
    given(...placed, {
      type: 'RecordAbsence',
      data: { nip: A, from: '2025-03-01', to: '2025-05-31', reason: 'umrah' },
    })
      .when(decree([acting(D, 'KASI1', 'PLH')], letter()))
      .thenAccepts();
  });
  it('ACTING_TAKEN: no second active Plt/Plh on one post', () => {
    given(...vacantSekre, decree([acting(A, 'SEKRE')], letter()))
      .when(decree([acting(B, 'SEKRE', 'PLT', '2025-04-01', '2025-05-31')], letter('SPR-2')))
      .thenRejects('ACTING_TAKEN');
  });
  it('ACTING_LEVEL: a Pelaksana may not act as Administrator', () => {
    given(...vacantSekre)
      .when(decree([acting(D, 'SEKRE')], letter()))
      .thenRejects('ACTING_LEVEL');
  });
  it('ACTING_LEVEL: an ahli muda may act only in a Pengawas post', () => {
    given(...structure, ...people, decree([appoint(A, 'AHLI'), appoint(B, 'KASI2')]))
      .when(decree([acting(A, 'SEKRE')], letter()))
      .thenRejects('ACTING_LEVEL');
  });
  it('ACTING_LEVEL: an ahli madya may not act as JPT', () => {
    given(...structure, ...people, decree([appoint(A, 'MADYA')]))
      .when(decree([acting(A, 'KADIS')], letter()))
      .thenRejects('ACTING_LEVEL');
  });
  it('ACTING_LEVEL: an Administrator may act one level up, as JPT pratama', () => {
    given(...structure, ...people, decree([appoint(A, 'SEKRE')]))
      .when(decree([acting(A, 'KADIS')], letter()))
      .thenAccepts();
  });
  it('ACTING_TOO_LONG: a Plt period longer than 3 months is refused', () => {
    given(...vacantSekre)
      .when(decree([acting(A, 'SEKRE', 'PLT', '2025-03-01', '2025-07-15')], letter()))
      .thenRejects('ACTING_TOO_LONG');
  });
  it('ACTING_TOO_LONG: a second extension is refused', () => {
    given(
      ...vacantSekre,
      decree([acting(A, 'SEKRE')], letter()),
      decree(
        [{ type: 'EXTEND_ACTING', nip: A, positionId: 'SEKRE', endDate: '2025-08-31' }],
        letter('SPR-2'),
      ),
    )
      .when(
        decree(
          [{ type: 'EXTEND_ACTING', nip: A, positionId: 'SEKRE', endDate: '2025-10-31' }],
          letter('SPR-3'),
        ),
      )
      .thenRejects('ACTING_TOO_LONG');
  });
  it('ACTING_TOO_LONG: an extension longer than 3 months is refused', () => {
    given(...vacantSekre, decree([acting(A, 'SEKRE')], letter()))
      .when(
        decree(
          [{ type: 'EXTEND_ACTING', nip: A, positionId: 'SEKRE', endDate: '2025-12-31' }],
          letter('SPR-2'),
        ),
      )
      .thenRejects('ACTING_TOO_LONG');
  });
  it('ACTING_NOT_FOUND: EXTEND_ACTING with no acting assignment is refused', () => {
    given(...vacantSekre)
      .when(decree([{ type: 'EXTEND_ACTING', nip: A, positionId: 'SEKRE', endDate: '2025-08-31' }], letter()))
      .thenRejects('ACTING_NOT_FOUND');
  });
  it('ACTING_NOT_FOUND: END_ACTING on a date with no acting assignment is refused', () => {
    given(...vacantSekre, decree([acting(A, 'SEKRE')], letter()))
      .when(
        decree(
          [{ type: 'END_ACTING', nip: A, positionId: 'SEKRE', effectiveDate: '2025-07-01' }],
          letter('SPR-2'),
        ),
      )
      .thenRejects('ACTING_NOT_FOUND');
  });
  it('END_ACTING inside the period ends the acting assignment', () => {
    const state = stateAfter([
      ...vacantSekre,
      decree([acting(A, 'SEKRE')], letter()),
      decree(
        [{ type: 'END_ACTING', nip: A, positionId: 'SEKRE', effectiveDate: '2025-04-01' }],
        letter('SPR-2'),
      ),
    ]);
    const sekre = (d: string) => rosterOf(state, 'U1', d)!.positions.find((p) => p.id === 'SEKRE')!;
    expect(sekre('2025-03-31').acting).toHaveLength(1);
    expect(sekre('2025-04-01').acting).toHaveLength(0);
  });
  it('a Plt stops by itself when a definitive holder arrives', () => {
    const state = stateAfter([
      ...vacantSekre,
      decree([acting(A, 'SEKRE')], letter()),
      decree([reassign(B, 'SEKRE', '2025-04-01')]),
    ]);
    const sekre = (d: string) => rosterOf(state, 'U1', d)!.positions.find((p) => p.id === 'SEKRE')!;
    expect(sekre('2025-03-15').acting.map((a) => a.nip)).toEqual([A]);
    expect(sekre('2025-04-15').acting).toEqual([]);
    expect(sekre('2025-04-15').holders.map((h) => h.nip)).toEqual([B]);
  });
});

describe('the whole effective-dated timeline', () => {
  it('a three-way rotation in one decree is valid (checked on its final state)', () => {
    given(...placed)
      .when(decree([reassign(A, 'KASI2'), reassign(B, 'KASI3'), reassign(C, 'KASI1')]))
      .thenAccepts((events) =>
        expect(events.map((e) => e.type)).toEqual([
          'DecreeIssued',
          'EmployeeReassigned',
          'EmployeeReassigned',
          'EmployeeReassigned',
        ]),
      );
  });
  it('half a rotation is refused: the post is still held', () => {
    given(...placed)
      .when(decree([reassign(A, 'KASI2'), reassign(B, 'KASI3')]))
      .thenRejects('POSITION_OCCUPIED');
  });
  it('a retroactive decree that would break a later state is refused', () => {
    // D is appointed to SEKRE from 2024; a retroactive move of A into SEKRE from 2023 would overlap it.
    given(...placed, decree([reassign(D, 'SEKRE', '2024-01-01')]))
      .when(decree([reassign(A, 'SEKRE', '2023-01-01')], sk('SK-R', '2025-05-01')))
      .thenRejects('POSITION_OCCUPIED');
  });
  it('a retroactive first appointment before a recorded one breaks the later APPOINT', () => {
    given(...structure, ...people, decree([appoint(A, 'STAF', '2024-01-01')]))
      .when(decree([appoint(A, 'SEKRE', '2023-01-01')]))
      .thenRejects('ALREADY_PLACED');
  });
  it('a retroactive decree gets a RETROACTIVE warning', () => {
    given(...placed)
      .when(decree([reassign(D, 'SEKRE', '2025-01-01')], sk('SK-R', '2025-03-01')))
      .thenWarns('RETROACTIVE');
  });
  it('a future-dated move is valid now and takes effect by itself', () => {
    const state = stateAfter([...placed, decree([reassign(D, 'SEKRE', '2025-09-01')])]);
    const holders = (d: string) => rosterOf(state, 'U1', d)!.positions.find((p) => p.id === 'SEKRE')!.holders;
    expect(holders(TODAY)).toEqual([]);
    expect(holders('2025-09-01').map((h) => h.nip)).toEqual([D]);
  });
  it('a future-dated move into a post blocks a later-recorded move into it on the same date', () => {
    given(...placed, decree([reassign(D, 'SEKRE', '2025-09-01')]))
      .when(decree([reassign(A, 'SEKRE', '2025-10-01')]))
      .thenRejects('POSITION_OCCUPIED');
  });
  it('a redeployment returns by itself at its end date', () => {
    const state = stateAfter([
      ...placed,
      decree([
        { type: 'REDEPLOY', nip: D, unitId: 'U2', effectiveDate: '2025-03-01', endDate: '2025-06-01' },
      ]),
    ]);
    expect(rosterOf(state, 'U2', '2025-05-31')!.redeployedIn.map((r) => r.nip)).toEqual([D]);
    expect(rosterOf(state, 'U1', '2025-05-31')!.redeployedOut.map((r) => r.nip)).toEqual([D]);
    expect(rosterOf(state, 'U2', '2025-06-01')!.redeployedIn).toEqual([]);
    expect(rosterOf(state, 'U1', '2025-06-01')!.redeployedOut).toEqual([]);
    // A redeployed employee still counts in the bezetting of the home position.
    expect(rosterOf(state, 'U1', '2025-05-31')!.positions.find((p) => p.id === 'STAF')!.bezetting).toBe(2);
  });
  it('an annulled decree no longer counts, and frees the post it filled', () => {
    const state = stateAfter([
      ...placed,
      decreeWithId('wrong', [reassign(D, 'SEKRE', '2025-02-01')], sk('SK-W')),
      { type: 'AnnulDecree', data: { decreeId: 'wrong', reason: 'wrong person', decree: sk('SK-A') } },
    ]);
    expect(rosterOf(state, 'U1', TODAY)!.positions.find((p) => p.id === 'SEKRE')!.holders).toEqual([]);
    expect(
      rosterOf(state, 'U1', TODAY)!
        .positions.find((p) => p.id === 'STAF')!
        .holders.map((h) => h.nip),
    ).toContain(D);
    given(...placed, decreeWithId('wrong2', [reassign(D, 'SEKRE', '2025-02-01')], sk('SK-W2')), {
      type: 'AnnulDecree',
      data: { decreeId: 'wrong2', reason: 'wrong person', decree: sk('SK-A2') },
    })
      .when(decree([reassign(A, 'SEKRE', '2025-02-01')]))
      .thenAccepts();
  });
  it('an annulment that would leave a later decree invalid is refused', () => {
    given(
      ...structure,
      ...people,
      decreeWithId('first', [appoint(A, 'STAF', '2024-01-01')], sk('SK-F')),
      decree([reassign(A, 'SEKRE', '2025-01-01')]),
    )
      .when({ type: 'AnnulDecree', data: { decreeId: 'first', reason: 'error', decree: sk('SK-N') } })
      .thenRejects('NOT_PLACED');
  });
  it('a holder who retires frees the manajerial post from the retirement date', () => {
    given(...structure, ...people, decree([appoint(OLD, 'KASI1', '2020-02-01')]))
      .when(decree([appoint(A, 'KASI1', '2025-08-01')]))
      .thenAccepts();
  });
});
