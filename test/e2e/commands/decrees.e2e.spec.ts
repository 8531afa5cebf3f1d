import { aDecree, aDecreeRequest, anAppointLine, aReassignLine, aSuratPerintah } from '@asn/testing';
import { Api, expectAccepted, expectIdempotent, expectProblem, headPosition, startApi } from './harness';
import { appoint, seedWorld } from './world';

describe('placement commands (decrees)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  describe('POST /decrees', () => {
    it('issues a decree: 201 with decreeId, DecreeIssued and one event per line', async () => {
      const w = await seedWorld(api, 2);
      const res = await api.send(
        'post',
        '/decrees',
        aDecreeRequest([anAppointLine(w.nips[0], w.kabid), anAppointLine(w.nips[1], w.pelaksana)]),
      );
      expectAccepted(res, ['DecreeIssued', 'EmployeeAppointed', 'EmployeeAppointed']);
      expect(res.body.decreeId).toEqual(expect.any(String));
      const revisions = res.body.events.map((e: { revision: number }) => e.revision);
      expect(revisions).toEqual([revisions[0], revisions[0] + 1, revisions[0] + 2]);
    });

    it('validates each line by its type and names the field with its path', async () => {
      const w = await seedWorld(api, 1);
      const nip = w.nips[0];
      const badDate = await api.send(
        'post',
        '/decrees',
        aDecreeRequest([
          anAppointLine(nip, w.kabid),
          { ...aReassignLine(nip, w.kasi[0]), effectiveDate: '2023-02-30' },
        ]),
      );
      expectProblem(badDate, 400, 'VALIDATION_FAILED', { field: 'lines.1.effectiveDate' });
      const foreignField = await api.send(
        'post',
        '/decrees',
        aDecreeRequest([{ ...anAppointLine(nip, w.kabid), moveKind: 'ROTASI' }]),
      );
      expectProblem(foreignField, 400, 'VALIDATION_FAILED', { field: 'lines.0.moveKind' });
      const unknownType = await api.send('post', '/decrees', aDecreeRequest([{ type: 'PROMOTE', nip }]));
      expectProblem(unknownType, 400, 'VALIDATION_FAILED', { field: 'lines.0.type' });
      const missingMoveKind = await api.send(
        'post',
        '/decrees',
        aDecreeRequest([{ type: 'REASSIGN', nip, positionId: w.kasi[0], effectiveDate: '2025-01-06' }]),
      );
      expectProblem(missingMoveKind, 400, 'VALIDATION_FAILED', { field: 'lines.0.moveKind' });
      expectProblem(await api.send('post', '/decrees', aDecreeRequest([])), 400, 'VALIDATION_FAILED', {
        field: 'lines',
      });
      expectProblem(
        await api.send('post', '/decrees', aDecreeRequest([{ ...anAppointLine('123', w.kabid) }])),
        400,
        'VALIDATION_FAILED',
        {
          field: 'lines.0.nip',
        },
      );
    });

    it('answers 413 PAYLOAD_TOO_LARGE for a decree over 1,000 lines', async () => {
      const w = await seedWorld(api, 1);
      const lines = Array.from({ length: 1001 }, () => anAppointLine(w.nips[0], w.pelaksana));
      expectProblem(await api.send('post', '/decrees', aDecreeRequest(lines)), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('lists every violation with its line index (422), and writes nothing', async () => {
      const w = await seedWorld(api, 3);
      await appoint(api, w.nips[0], w.kabid);
      await appoint(api, w.nips[1], w.kasi[0]);
      const head = await headPosition(api);
      const res = await api.send(
        'post',
        '/decrees',
        aDecreeRequest([
          anAppointLine(w.nips[2], w.pelaksana),
          anAppointLine(w.nips[0], w.kasi[1]),
          anAppointLine(w.nips[1], w.kasi[2]),
        ]),
      );
      expectProblem(res, 422, 'RULE_VIOLATION', { rule: 'ALREADY_PLACED', line: 1 });
      expectProblem(res, 422, 'RULE_VIOLATION', { rule: 'ALREADY_PLACED', line: 2 });
      expect(await headPosition(api)).toBe(head);
    });

    it('accepts a rotation chain in one decree (A takes B’s post, B takes C’s, C takes A’s)', async () => {
      const w = await seedWorld(api, 3);
      const [a, b, c] = w.nips;
      await appoint(api, a, w.kasi[0]);
      await appoint(api, b, w.kasi[1]);
      await appoint(api, c, w.kasi[2]);
      const res = await api.send(
        'post',
        '/decrees',
        aDecreeRequest([
          aReassignLine(a, w.kasi[1]),
          aReassignLine(b, w.kasi[2]),
          aReassignLine(c, w.kasi[0]),
        ]),
      );
      expectAccepted(res, ['DecreeIssued', 'EmployeeReassigned', 'EmployeeReassigned', 'EmployeeReassigned']);
    });

    it('refuses the same moves one by one: the first already breaks POSITION_OCCUPIED', async () => {
      const w = await seedWorld(api, 2);
      await appoint(api, w.nips[0], w.kasi[0]);
      await appoint(api, w.nips[1], w.kasi[1]);
      const res = await api.send('post', '/decrees', aDecreeRequest([aReassignLine(w.nips[0], w.kasi[1])]));
      expectProblem(res, 422, 'RULE_VIOLATION', { rule: 'POSITION_OCCUPIED', line: 0 });
    });

    it('dryRun answers 200 with the verdict and the changes, and writes nothing', async () => {
      const w = await seedWorld(api, 2);
      const head = await headPosition(api);
      const ok = await api.send('post', '/decrees', {
        ...aDecreeRequest([anAppointLine(w.nips[0], w.kabid)]),
        dryRun: true,
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true, violations: [], warnings: expect.any(Array) });
      expect(ok.body.changes).toEqual([
        expect.objectContaining({ nip: w.nips[0], positionId: w.kabid, effectiveDate: '2025-01-06' }),
      ]);
      const bad = await api.send('post', '/decrees', {
        ...aDecreeRequest([anAppointLine(w.nips[0], w.kabid), anAppointLine(w.nips[1], w.kabid)]),
        dryRun: true,
      });
      expect(bad.status).toBe(200);
      expect(bad.body.valid).toBe(false);
      expect(bad.body.violations).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'POSITION_OCCUPIED', line: 1 })]),
      );
      expect(await headPosition(api)).toBe(head);
    });

    it('lets exactly one of 50 concurrent appointments to one manajerial post succeed', async () => {
      const w = await seedWorld(api, 50);
      const results = await Promise.all(
        w.nips.map((nip) =>
          api.send('post', `/employees/${nip}/appoint`, {
            positionId: w.kabid,
            effectiveDate: '2025-01-06',
            decree: aDecree(),
          }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 422)).toHaveLength(49);
      for (const r of results.filter((x) => x.status === 422)) {
        expectProblem(r, 422, 'RULE_VIOLATION', { rule: 'POSITION_OCCUPIED' });
      }
    });

    it('is idempotent with an Idempotency-Key (the retry names the same decree)', async () => {
      const w = await seedWorld(api, 2);
      const first = await expectIdempotent(
        api,
        'post',
        '/decrees',
        aDecreeRequest([anAppointLine(w.nips[0], w.kabid)]),
        aDecreeRequest([anAppointLine(w.nips[1], w.kabid)]),
      );
      expect(first.status).toBe(201);
      expect(first.body.decreeId).toEqual(expect.any(String));
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      const body = aDecreeRequest([anAppointLine('198503152010011001', 'x')]);
      expectProblem(await api.send('post', '/decrees', body, { role: null }), 401, 'UNAUTHENTICATED');
      expectProblem(await api.send('post', '/decrees', body, { role: 'viewer' }), 403, 'FORBIDDEN');
    });
  });

  describe('single-line shortcuts', () => {
    it('POST /employees/{nip}/appoint: 201, 400, 422, 409, idempotent, 401, 403', async () => {
      const w = await seedWorld(api, 4);
      const body = (positionId: string, overrides: Record<string, unknown> = {}) => ({
        positionId,
        effectiveDate: '2025-01-06',
        decree: aDecree(),
        ...overrides,
      });
      const ok = await api.send('post', `/employees/${w.nips[0]}/appoint`, body(w.kabid));
      expectAccepted(ok, ['DecreeIssued', 'EmployeeAppointed']);
      expect(ok.body.decreeId).toEqual(expect.any(String));
      expectProblem(
        await api.send(
          'post',
          `/employees/${w.nips[1]}/appoint`,
          body(w.kasi[0], { effectiveDate: '06-01-2025' }),
        ),
        400,
        'VALIDATION_FAILED',
        {
          field: 'effectiveDate',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/appoint`, { ...body(w.kasi[0]), nip: w.nips[1] }),
        400,
        'VALIDATION_FAILED',
        {
          field: 'nip',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/appoint`, body(w.kabid)),
        422,
        'RULE_VIOLATION',
        { rule: 'POSITION_OCCUPIED' },
      );
      expectProblem(
        await api.send(
          'post',
          `/employees/${w.nips[1]}/appoint`,
          body(w.kasi[0], { decree: { number: '1' } }),
        ),
        422,
        'RULE_VIOLATION',
        {
          rule: 'DECREE_INCOMPLETE',
        },
      );
      // The employee's version is the revision of the last event about them (their registration here).
      expectProblem(
        await api.send('post', `/employees/${w.nips[0]}/appoint`, body(w.kasi[1]), {
          headers: { 'If-Match': '"0"' },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      await expectIdempotent(
        api,
        'post',
        `/employees/${w.nips[2]}/appoint`,
        body(w.kasi[2]),
        body(w.kasi[1]),
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[3]}/appoint`, body(w.pelaksana), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[3]}/appoint`, body(w.pelaksana), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });

    it('POST /employees/{nip}/reassign: 201, 400, 422, 409, idempotent, 401, 403', async () => {
      const w = await seedWorld(api, 4);
      await appoint(api, w.nips[0], w.kasi[0]);
      await appoint(api, w.nips[1], w.pelaksana);
      const body = (positionId: string, overrides: Record<string, unknown> = {}) => ({
        positionId,
        moveKind: 'MUTASI',
        effectiveDate: '2025-03-03',
        decree: aDecree(),
        ...overrides,
      });
      const ok = await api.send('post', `/employees/${w.nips[0]}/reassign`, body(w.kasi[1]));
      expectAccepted(ok, ['DecreeIssued', 'EmployeeReassigned']);
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/reassign`, body(w.kasi[2], { moveKind: 'SIDEWAYS' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'moveKind',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[2]}/reassign`, body(w.kasi[2])),
        422,
        'RULE_VIOLATION',
        { rule: 'NOT_PLACED' },
      );
      const version = ok.body.events[1].revision;
      expectProblem(
        await api.send('post', `/employees/${w.nips[0]}/reassign`, body(w.kasi[2]), {
          headers: { 'If-Match': `"${version - 1}"` },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      expectAccepted(
        await api.send(
          'post',
          `/employees/${w.nips[0]}/reassign`,
          body(w.kasi[2], { effectiveDate: '2025-04-01' }),
          {
            headers: { 'If-Match': `"${version}"` },
          },
        ),
        ['DecreeIssued', 'EmployeeReassigned'],
      );
      await expectIdempotent(
        api,
        'post',
        `/employees/${w.nips[1]}/reassign`,
        body(w.kasi[0], { effectiveDate: '2025-05-01' }),
        body(w.kasi[0]),
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/reassign`, body(w.kasi[1]), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/reassign`, body(w.kasi[1]), { role: 'auditor' }),
        403,
        'FORBIDDEN',
      );
    });

    it('POST /employees/{nip}/acting: 201, 400, 422, 409, idempotent, 401, 403', async () => {
      const w = await seedWorld(api, 5);
      for (const nip of w.nips.slice(0, 3)) await appoint(api, nip, w.pelaksana);
      await appoint(api, w.nips[4], w.kasi[1]);
      const body = (positionId: string, overrides: Record<string, unknown> = {}) => ({
        positionId,
        role: 'PLT',
        effectiveDate: '2025-02-03',
        endDate: '2025-04-30',
        decree: aSuratPerintah(),
        ...overrides,
      });
      expectAccepted(await api.send('post', `/employees/${w.nips[0]}/acting`, body(w.kasi[0])), [
        'DecreeIssued',
        'ActingAssigned',
      ]);
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.kasi[2], { role: 'BOSS' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'role',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.kasi[2], { endDate: undefined })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'endDate',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.kasi[1])),
        422,
        'RULE_VIOLATION',
        { rule: 'PLT_NOT_VACANT' },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.pelaksana)),
        422,
        'RULE_VIOLATION',
        {
          rule: 'ACTING_NOT_MANAJERIAL',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.kasi[2]), {
          headers: { 'If-Match': '"-1"' },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      await expectIdempotent(
        api,
        'post',
        `/employees/${w.nips[2]}/acting`,
        body(w.kasi[2]),
        body(w.kasi[2], { endDate: '2025-03-31' }),
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.kabid), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/acting`, body(w.kabid), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });

    it('POST /employees/{nip}/redeploy: 201, 400, 422, 409, idempotent, 401, 403', async () => {
      const w = await seedWorld(api, 4);
      const other = await seedWorld(api, 0);
      for (const nip of w.nips) await appoint(api, nip, w.pelaksana);
      const body = (overrides: Record<string, unknown> = {}) => ({
        unitId: other.unitId,
        effectiveDate: '2025-03-03',
        endDate: '2025-06-30',
        decree: aDecree(),
        ...overrides,
      });
      const ok = await api.send('post', `/employees/${w.nips[0]}/redeploy`, body());
      expectAccepted(ok, ['DecreeIssued', 'EmployeeRedeployed']);
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/redeploy`, body({ unitId: 'bad unit' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'unitId',
        },
      );
      const unplaced = (await seedWorld(api, 1)).nips[0];
      expectProblem(
        await api.send('post', `/employees/${unplaced}/redeploy`, body()),
        422,
        'RULE_VIOLATION',
        { rule: 'NOT_PLACED' },
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[1]}/redeploy`, body({ unitId: 'nowhere' })),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await api.send(
          'post',
          `/employees/${w.nips[0]}/redeploy`,
          body({ effectiveDate: '2025-07-01', endDate: '2025-08-01' }),
          {
            headers: { 'If-Match': `"${ok.body.events[1].revision - 1}"` },
          },
        ),
        409,
        'CONCURRENCY_CONFLICT',
      );
      await expectIdempotent(
        api,
        'post',
        `/employees/${w.nips[2]}/redeploy`,
        body(),
        body({ endDate: '2025-05-31' }),
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[3]}/redeploy`, body(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${w.nips[3]}/redeploy`, body(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('POST /decrees/{id}/annul and GET /decrees/{id}', () => {
    const annulment = (overrides: Record<string, unknown> = {}) => ({
      reason: 'salah NIP',
      decree: aDecree(),
      ...overrides,
    });

    it('annuls a decree: 201; GET shows it annulled with its events; a second annulment is 422 DECREE_ANNULLED', async () => {
      const w = await seedWorld(api, 1);
      const decreeId = await appoint(api, w.nips[0], w.kabid);
      const before = await api.get(`/decrees/${decreeId}`);
      expect(before.status).toBe(200);
      expect(before.headers.etag).toMatch(/^"\d+"$/);
      expect(before.body).toMatchObject({
        decreeId,
        annulled: false,
        lines: [{ type: 'APPOINT', nip: w.nips[0], positionId: w.kabid }],
      });
      expect(before.body.events.map((e: { type: string }) => e.type)).toEqual([
        'DecreeIssued',
        'EmployeeAppointed',
      ]);
      const res = await api.send('post', `/decrees/${decreeId}/annul`, annulment(), {
        headers: { 'If-Match': before.headers.etag },
      });
      expectAccepted(res, ['DecreeAnnulled']);
      expect(res.body.decreeId).toBe(decreeId);
      const after = await api.get(`/decrees/${decreeId}`, 'auditor');
      expect(after.body).toMatchObject({ annulled: true, annulment: { reason: 'salah NIP' } });
      expect(after.body.events.map((e: { type: string }) => e.type)).toEqual([
        'DecreeIssued',
        'EmployeeAppointed',
        'DecreeAnnulled',
      ]);
      expectProblem(
        await api.send('post', `/decrees/${decreeId}/annul`, annulment()),
        422,
        'RULE_VIOLATION',
        { rule: 'DECREE_ANNULLED' },
      );
    });

    it('answers 409 for a stale If-Match, 404 for an unknown decree, 400 for a bad body', async () => {
      const w = await seedWorld(api, 1);
      const decreeId = await appoint(api, w.nips[0], w.kabid);
      expectProblem(
        await api.send('post', `/decrees/${decreeId}/annul`, annulment(), { headers: { 'If-Match': '"1"' } }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      expectProblem(await api.send('post', '/decrees/no-such-decree/annul', annulment()), 404, 'NOT_FOUND');
      expectProblem(
        await api.send('post', `/decrees/${decreeId}/annul`, annulment({ reason: 42 })),
        400,
        'VALIDATION_FAILED',
        { field: 'reason' },
      );
      expectProblem(await api.get('/decrees/no-such-decree'), 404, 'NOT_FOUND');
    });

    it('is idempotent with an Idempotency-Key, needs a token (401) and hr-admin (403)', async () => {
      const w = await seedWorld(api, 1);
      const decreeId = await appoint(api, w.nips[0], w.kabid);
      await expectIdempotent(
        api,
        'post',
        `/decrees/${decreeId}/annul`,
        annulment(),
        annulment({ reason: 'lain' }),
      );
      expectProblem(
        await api.send('post', `/decrees/${decreeId}/annul`, annulment(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/decrees/${decreeId}/annul`, annulment(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(await api.http.get(`/api/v1/decrees/${decreeId}`), 401, 'UNAUTHENTICATED');
    });
  });
});
