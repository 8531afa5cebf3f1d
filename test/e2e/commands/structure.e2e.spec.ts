import { aDecree, aManajerialPosition, aPelaksanaPosition, aUnit } from '@asn/testing';
import { Api, expectAccepted, expectIdempotent, expectProblem, startApi } from './harness';

describe('structure commands (units and positions)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
    expectAccepted(await api.send('post', '/units', aUnit({ id: 'setda', name: 'Sekretariat Daerah' })), [
      'UnitEstablished',
    ]);
  });
  afterAll(() => api.close());

  describe('POST /units', () => {
    it('establishes a unit: 201 with the event, its stream and revision, and the log position', async () => {
      const res = await api.send('post', '/units', aUnit({ id: 'bkpp', name: 'BKPP', parentId: 'setda' }));
      expectAccepted(res, ['UnitEstablished']);
      expect(res.body.events[0]).toMatchObject({ stream: 'staffing-3374', revision: expect.any(Number) });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('names each bad field: an unknown kind, an unknown field and an impossible date', async () => {
      const res = await api.send('post', '/units', {
        ...aUnit({ id: 'u-bad' }),
        kind: 'DINAS',
        extra: 1,
        effectiveDate: '2023-02-30',
      });
      expectProblem(res, 400, 'VALIDATION_FAILED', { field: 'kind' });
      expectProblem(res, 400, 'VALIDATION_FAILED', { field: 'extra' });
      expectProblem(res, 400, 'VALIDATION_FAILED', { field: 'effectiveDate' });
    });

    it('refuses a unit whose id is taken (422 ALREADY_EXISTS) and an unknown parent (404)', async () => {
      expectProblem(await api.send('post', '/units', aUnit({ id: 'setda' })), 422, 'RULE_VIOLATION', {
        rule: 'ALREADY_EXISTS',
      });
      expectProblem(
        await api.send('post', '/units', aUnit({ id: 'orphan', parentId: 'nowhere' })),
        404,
        'NOT_FOUND',
      );
    });

    it('answers a retry with the same Idempotency-Key with the first answer', async () => {
      const first = await expectIdempotent(
        api,
        'post',
        '/units',
        aUnit({ id: 'idem-unit' }),
        aUnit({ id: 'idem-other' }),
      );
      expect(first.status).toBe(201);
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('post', '/units', aUnit({ id: 'x1' }), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', '/units', aUnit({ id: 'x1' }), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await api.send('post', '/units', aUnit({ id: 'x1' }), { role: 'auditor' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('POST /positions', () => {
    it('establishes a position: 201', async () => {
      expectAccepted(
        await api.send('post', '/positions', aManajerialPosition({ id: 'kabag-umum', unitId: 'setda' })),
        ['PositionEstablished'],
      );
    });

    it('names the bad field (kebutuhan must be a number; FUNGSIONAL needs a level)', async () => {
      const res = await api.send(
        'post',
        '/positions',
        aPelaksanaPosition({ id: 'p-bad', unitId: 'setda', kebutuhan: 'two' }),
      );
      expectProblem(res, 400, 'VALIDATION_FAILED', { field: 'kebutuhan' });
      const noLevel = aPelaksanaPosition({ id: 'p-fungsional', unitId: 'setda', kind: 'FUNGSIONAL' });
      expectProblem(await api.send('post', '/positions', noLevel), 400, 'VALIDATION_FAILED', {
        field: 'level',
      });
    });

    it('refuses a taken id (422) and an unknown unit (404)', async () => {
      expectProblem(
        await api.send('post', '/positions', aManajerialPosition({ id: 'kabag-umum', unitId: 'setda' })),
        422,
        'RULE_VIOLATION',
        { rule: 'ALREADY_EXISTS' },
      );
      expectProblem(
        await api.send('post', '/positions', aPelaksanaPosition({ id: 'p-x', unitId: 'nowhere' })),
        404,
        'NOT_FOUND',
      );
    });

    it('is idempotent with an Idempotency-Key', async () => {
      await expectIdempotent(
        api,
        'post',
        '/positions',
        aPelaksanaPosition({ id: 'idem-pos', unitId: 'setda' }),
        aPelaksanaPosition({ id: 'idem-pos', unitId: 'setda', kebutuhan: 7 }),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      const body = aPelaksanaPosition({ id: 'p-auth', unitId: 'setda' });
      expectProblem(await api.send('post', '/positions', body, { role: null }), 401, 'UNAUTHENTICATED');
      expectProblem(await api.send('post', '/positions', body, { role: 'viewer' }), 403, 'FORBIDDEN');
    });
  });

  describe('PATCH /positions/{id}', () => {
    const change = (overrides: Record<string, unknown> = {}) => ({
      kebutuhan: 3,
      effectiveDate: '2025-01-01',
      basis: 'Anjab/ABK 2025',
      ...overrides,
    });
    beforeAll(async () => {
      expectAccepted(
        await api.send('post', '/positions', aPelaksanaPosition({ id: 'analis', unitId: 'setda' })),
        ['PositionEstablished'],
      );
    });

    it('changes the kebutuhan: 201, and If-Match with the current version passes', async () => {
      const first = await api.send('patch', '/positions/analis', change());
      expectAccepted(first, ['PositionRequirementsChanged']);
      const version = first.body.events[0].revision;
      const second = await api.send('patch', '/positions/analis', change({ kebutuhan: 4 }), {
        headers: { 'If-Match': `"${version}"` },
      });
      expectAccepted(second, ['PositionRequirementsChanged']);
    });

    it('answers 409 CONCURRENCY_CONFLICT for a stale If-Match and writes nothing', async () => {
      const res = await api.send('patch', '/positions/analis', change({ kebutuhan: 9 }), {
        headers: { 'If-Match': '"0"' },
      });
      expectProblem(res, 409, 'CONCURRENCY_CONFLICT');
    });

    it('ignores changes to other entities when checking If-Match', async () => {
      const res = await api.send('patch', '/positions/analis', change({ kebutuhan: 5 }));
      const version = res.body.events[0].revision;
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'unrelated' })), ['UnitEstablished']);
      expectAccepted(
        await api.send('patch', '/positions/analis', change({ kebutuhan: 6 }), {
          headers: { 'If-Match': `"${version}"` },
        }),
        ['PositionRequirementsChanged'],
      );
    });

    it('names a missing basis (400) and answers 404 for an unknown position', async () => {
      expectProblem(
        await api.send('patch', '/positions/analis', { kebutuhan: 1, effectiveDate: '2025-01-01' }),
        400,
        'VALIDATION_FAILED',
        {
          field: 'basis',
        },
      );
      expectProblem(await api.send('patch', '/positions/nowhere', change()), 404, 'NOT_FOUND');
      expectProblem(await api.send('patch', '/positions/bad id!', change()), 400, 'VALIDATION_FAILED', {
        field: 'id',
      });
    });

    it('is idempotent with an Idempotency-Key', async () => {
      await expectIdempotent(
        api,
        'patch',
        '/positions/analis',
        change({ kebutuhan: 2 }),
        change({ kebutuhan: 8 }),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('patch', '/positions/analis', change(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('patch', '/positions/analis', change(), { role: 'auditor' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('POST /positions/{id}/abolish', () => {
    const abolish = (decree: object = aDecree()) => ({ effectiveDate: '2025-06-01', decree });
    beforeAll(async () => {
      for (const id of ['old-1', 'old-2', 'old-3', 'old-4']) {
        expectAccepted(await api.send('post', '/positions', aPelaksanaPosition({ id, unitId: 'setda' })), [
          'PositionEstablished',
        ]);
      }
    });

    it('abolishes a position under a decree: 201', async () => {
      expectAccepted(await api.send('post', '/positions/old-1/abolish', abolish()), ['PositionAbolished']);
    });

    it('refuses an incomplete decree (422 DECREE_INCOMPLETE) and a second abolition (422 POSITION_CLOSED)', async () => {
      expectProblem(
        await api.send('post', '/positions/old-2/abolish', abolish({ number: '800/1' })),
        422,
        'RULE_VIOLATION',
        {
          rule: 'DECREE_INCOMPLETE',
        },
      );
      expectProblem(await api.send('post', '/positions/old-1/abolish', abolish()), 422, 'RULE_VIOLATION', {
        rule: 'POSITION_CLOSED',
      });
    });

    it('names a bad nested field (decree.signedOn) and a missing decree', async () => {
      expectProblem(
        await api.send('post', '/positions/old-2/abolish', abolish(aDecree({ signedOn: '2025-13-01' }))),
        400,
        'VALIDATION_FAILED',
        { field: 'decree.signedOn' },
      );
      expectProblem(
        await api.send('post', '/positions/old-2/abolish', { effectiveDate: '2025-06-01' }),
        400,
        'VALIDATION_FAILED',
        {
          field: 'decree',
        },
      );
      expectProblem(
        await api.send(
          'post',
          '/positions/old-2/abolish',
          abolish({ ...aDecree(), signer: { name: 'x', title: 'y' } }),
        ),
        400,
        'VALIDATION_FAILED',
        { field: 'decree.signer.title' },
      );
    });

    it('answers 409 for a stale If-Match', async () => {
      await api.send('patch', '/positions/old-3', {
        kebutuhan: 2,
        effectiveDate: '2025-01-01',
        basis: 'ABK',
      });
      expectProblem(
        await api.send('post', '/positions/old-3/abolish', abolish(), { headers: { 'If-Match': '"1"' } }),
        409,
        'CONCURRENCY_CONFLICT',
      );
    });

    it('is idempotent with an Idempotency-Key', async () => {
      await expectIdempotent(
        api,
        'post',
        '/positions/old-4/abolish',
        abolish(),
        abolish(aDecree({ number: 'other' })),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('post', '/positions/old-2/abolish', abolish(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', '/positions/old-2/abolish', abolish(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });
  });
  describe('PATCH /units/{id} (project addition: rename or move in the tree)', () => {
    const change = (overrides: Record<string, unknown> = {}) => ({
      name: 'Bidang Pelayanan Publik',
      effectiveDate: '2025-01-01',
      basis: 'Perda 5/2024',
      ...overrides,
    });
    beforeAll(async () => {
      for (const unit of [
        aUnit({ id: 'opd-a' }),
        aUnit({ id: 'opd-b' }),
        aUnit({ id: 'bid-a', kind: 'BIDANG', parentId: 'opd-a' }),
      ]) {
        expectAccepted(await api.send('post', '/units', unit), ['UnitEstablished']);
      }
    });

    it('renames and moves a unit from a date: 201, and the roster shows each from its date', async () => {
      const before = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      const res = await api.send(
        'patch',
        '/units/bid-a',
        change({ parentId: 'opd-b', effectiveDate: '2025-03-01' }),
      );
      expectAccepted(res, ['UnitRenamed', 'UnitMoved']);
      const roster = (unitId: string, asOf: string) =>
        api.get(`/units/${unitId}/roster?asOf=${asOf}&depth=1`).set('X-Min-Position', res.body.position);
      // asOf is today or later for the live roster: the move is dated in the past, so both sides see it now.
      const today = new Date().toISOString().slice(0, 10);
      const underB = await roster('opd-b', today);
      expect(underB.status).toBe(200);
      expect(underB.body.subunits.map((u: { unit: { id: string; name: string } }) => u.unit)).toEqual([
        expect.objectContaining({ id: 'bid-a', name: 'Bidang Pelayanan Publik', parentId: 'opd-b' }),
      ]);
      expect((await roster('opd-a', today)).body.subunits).toEqual([]);
      // Auditors replay the tree as it was known before the change, and as it is known now.
      const audit = (knownAt: string) =>
        api.get(
          `/audit/units/opd-a/roster?asOf=${today}&knownAt=${encodeURIComponent(knownAt)}&depth=1`,
          'auditor',
        );
      const subunitsOf = (body: { subunits: { unit: { id: string; name: string } }[] }) =>
        body.subunits.map((u) => `${u.unit.id}: ${u.unit.name}`);
      expect(subunitsOf((await audit(before)).body)).toEqual(['bid-a: Dinas Kesehatan']);
      expect(subunitsOf((await audit(new Date().toISOString())).body)).toEqual([]);
      // Auditors find both changes, with their dates, in the unit's history and in the new parent's.
      for (const unitId of ['bid-a', 'opd-b']) {
        const history = await api.get(`/audit/units/${unitId}/history`, 'auditor');
        expect(history.status).toBe(200);
        const entries = (Array.isArray(history.body) ? history.body : history.body.entries) as {
          type: string;
          effectiveDate: string;
        }[];
        expect(entries.filter((e) => e.type.startsWith('Unit') && e.type !== 'UnitEstablished')).toEqual(
          unitId === 'bid-a'
            ? [
                expect.objectContaining({ type: 'UnitRenamed', effectiveDate: '2025-03-01' }),
                expect.objectContaining({ type: 'UnitMoved', effectiveDate: '2025-03-01' }),
              ]
            : [expect.objectContaining({ type: 'UnitMoved', effectiveDate: '2025-03-01' })],
        );
      }
    });

    it('makes a unit top-level with parentId null', async () => {
      expectAccepted(
        await api.send(
          'patch',
          '/units/bid-a',
          change({ name: undefined, parentId: null, effectiveDate: '2025-04-01' }),
        ),
        ['UnitMoved'],
      );
    });

    it('refuses a move below itself or one of its subunits (422 UNIT_CYCLE) and writes nothing', async () => {
      expectAccepted(
        await api.send('post', '/units', aUnit({ id: 'bid-c', kind: 'BIDANG', parentId: 'opd-a' })),
        ['UnitEstablished'],
      );
      expectProblem(
        await api.send('patch', '/units/opd-a', change({ name: undefined, parentId: 'bid-c' })),
        422,
        'RULE_VIOLATION',
        { rule: 'UNIT_CYCLE', field: 'parentId' },
      );
    });

    it('names a bad field (400), a change with neither name nor parentId, and answers 404 for unknown units', async () => {
      expectProblem(
        await api.send('patch', '/units/bid-a', change({ basis: undefined })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'basis',
        },
      );
      expectProblem(
        await api.send('patch', '/units/bid-a', change({ parentId: 'bad id!' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'parentId',
        },
      );
      expectProblem(
        await api.send('patch', '/units/bid-a', { effectiveDate: '2025-01-01', basis: 'x' }),
        400,
        'VALIDATION_FAILED',
        { field: 'name' },
      );
      expectProblem(await api.send('patch', '/units/nowhere', change()), 404, 'NOT_FOUND');
      expectProblem(
        await api.send('patch', '/units/bid-a', change({ parentId: 'nowhere' })),
        404,
        'NOT_FOUND',
      );
    });

    it('answers 409 for a stale If-Match, and is idempotent with an Idempotency-Key', async () => {
      expectProblem(
        await api.send('patch', '/units/opd-b', change({ name: 'B' }), { headers: { 'If-Match': '"0"' } }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      await expectIdempotent(api, 'patch', '/units/opd-b', change({ name: 'B1' }), change({ name: 'B2' }));
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('patch', '/units/opd-b', change(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(await api.send('patch', '/units/opd-b', change(), { role: 'viewer' }), 403, 'FORBIDDEN');
    });
  });

  describe('POST /units/{id}/dissolve (project addition)', () => {
    const dissolve = (decree: object = aDecree()) => ({ effectiveDate: '2025-06-01', decree });
    beforeAll(async () => {
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'opd-gone' })), ['UnitEstablished']);
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'opd-full' })), ['UnitEstablished']);
      expectAccepted(
        await api.send('post', '/positions', aPelaksanaPosition({ id: 'in-full', unitId: 'opd-full' })),
        ['PositionEstablished'],
      );
    });

    it('dissolves an empty unit under a decree: 201; a second time is 422 UNIT_CLOSED', async () => {
      expectAccepted(await api.send('post', '/units/opd-gone/dissolve', dissolve()), ['UnitDissolved']);
      expectProblem(await api.send('post', '/units/opd-gone/dissolve', dissolve()), 422, 'RULE_VIOLATION', {
        rule: 'UNIT_CLOSED',
      });
      expectProblem(
        await api.send('post', '/positions', aPelaksanaPosition({ id: 'late', unitId: 'opd-gone' })),
        422,
        'RULE_VIOLATION',
        { rule: 'UNIT_CLOSED', field: 'unitId' },
      );
    });

    it('refuses a unit with an open position (422 UNIT_NOT_EMPTY), and an incomplete decree', async () => {
      expectProblem(await api.send('post', '/units/opd-full/dissolve', dissolve()), 422, 'RULE_VIOLATION', {
        rule: 'UNIT_NOT_EMPTY',
      });
      expectProblem(
        await api.send('post', '/units/opd-full/dissolve', dissolve({ number: '800/1' })),
        422,
        'RULE_VIOLATION',
        { rule: 'DECREE_INCOMPLETE' },
      );
    });

    it('names a missing decree (400) and answers 404 for an unknown unit', async () => {
      expectProblem(
        await api.send('post', '/units/opd-full/dissolve', { effectiveDate: '2025-06-01' }),
        400,
        'VALIDATION_FAILED',
        {
          field: 'decree',
        },
      );
      expectProblem(await api.send('post', '/units/nowhere/dissolve', dissolve()), 404, 'NOT_FOUND');
    });

    it('answers 409 for a stale If-Match, and is idempotent with an Idempotency-Key', async () => {
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'opd-idem' })), ['UnitEstablished']);
      expectProblem(
        await api.send('post', '/units/opd-idem/dissolve', dissolve(), { headers: { 'If-Match': '"0"' } }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      await expectIdempotent(
        api,
        'post',
        '/units/opd-idem/dissolve',
        dissolve(),
        dissolve(aDecree({ number: 'other' })),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('post', '/units/opd-full/dissolve', dissolve(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', '/units/opd-full/dissolve', dissolve(), { role: 'auditor' }),
        403,
        'FORBIDDEN',
      );
    });
  });
  describe('PATCH /positions/{id} with unitId (project addition: a position moved to another unit)', () => {
    const move = (unitId: string, effectiveDate = '2025-03-01') => ({
      unitId,
      effectiveDate,
      basis: 'Perwal SOTK',
    });
    beforeAll(async () => {
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'opd-from' })), ['UnitEstablished']);
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'opd-to' })), ['UnitEstablished']);
      expectAccepted(
        await api.send('post', '/positions', aPelaksanaPosition({ id: 'moving', unitId: 'opd-from' })),
        ['PositionEstablished'],
      );
    });

    it('moves the position from a date: 201, and the rosters and the position show the unit of each date', async () => {
      const res = await api.send('patch', '/positions/moving', move('opd-to'));
      expectAccepted(res, ['PositionMoved']);
      const ids = async (unitId: string) =>
        (
          await api.get(`/units/${unitId}/roster`).set('X-Min-Position', res.body.position)
        ).body.positions.map((p: { id: string }) => p.id);
      expect(await ids('opd-to')).toEqual(['moving']);
      expect(await ids('opd-from')).toEqual([]);
      const detail = await api.get('/positions/moving').set('X-Min-Position', res.body.position);
      expect(detail.body).toMatchObject({ unitId: 'opd-to' });
    });

    it('names a bad unitId (400), answers 404 for an unknown unit and 422 UNIT_CLOSED for a dissolved one', async () => {
      expectProblem(await api.send('patch', '/positions/moving', move('bad id!')), 400, 'VALIDATION_FAILED', {
        field: 'unitId',
      });
      expectProblem(await api.send('patch', '/positions/moving', move('nowhere')), 404, 'NOT_FOUND');
      expectAccepted(await api.send('post', '/units', aUnit({ id: 'opd-closed' })), ['UnitEstablished']);
      expectAccepted(
        await api.send('post', '/units/opd-closed/dissolve', {
          effectiveDate: '2025-01-01',
          decree: aDecree(),
        }),
        ['UnitDissolved'],
      );
      expectProblem(
        await api.send('patch', '/positions/moving', move('opd-closed', '2024-06-01')),
        422,
        'RULE_VIOLATION',
        {
          rule: 'UNIT_CLOSED',
          field: 'unitId',
        },
      );
    });
  });
});
