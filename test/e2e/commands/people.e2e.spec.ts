import { aDecree, anEmployee, nipFor, niPppkFor } from '@asn/testing';
import { Api, expectAccepted, expectIdempotent, expectProblem, startApi } from './harness';
import { seedWorld, World } from './world';

describe('people commands (employees)', () => {
  let api: Api;
  let world: World;
  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api, 12);
  });
  afterAll(() => api.close());

  describe('POST /employees', () => {
    it('registers a PNS and a PPPK: 201', async () => {
      expectAccepted(await api.send('post', '/employees', anEmployee({ nip: nipFor({ serial: 901 }) })), [
        'EmployeeRegistered',
      ]);
      const pppk = anEmployee({
        nip: niPppkFor({ serial: 7 }),
        kind: 'PPPK',
        rank: 'IX',
        birthDate: '1990-06-01',
        sex: 'F',
      });
      expectAccepted(await api.send('post', '/employees', pppk), ['EmployeeRegistered']);
    });

    it('answers 400 for a NIP that is not 18 digits, naming the field', async () => {
      const res = await api.send('post', '/employees', anEmployee({ nip: '19850315201001100' }));
      expectProblem(res, 400, 'VALIDATION_FAILED', { field: 'nip' });
      expect(res.body.violations[0].message).toMatch(/17 digits; a NIP has 18/);
      expectProblem(
        await api.send('post', '/employees', anEmployee({ nip: nipFor({ serial: 902 }), sex: 'X' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'sex',
        },
      );
    });

    it('answers 422 NIP_INVALID for 18 digits whose birth date does not exist, EMPLOYEE_EXISTS and RANK_INVALID', async () => {
      expectProblem(
        await api.send('post', '/employees', anEmployee({ nip: '198502302010011001' })),
        422,
        'RULE_VIOLATION',
        {
          rule: 'NIP_INVALID',
        },
      );
      expectProblem(
        await api.send('post', '/employees', anEmployee({ nip: world.nips[0] })),
        422,
        'RULE_VIOLATION',
        {
          rule: 'EMPLOYEE_EXISTS',
        },
      );
      expectProblem(
        await api.send('post', '/employees', anEmployee({ nip: nipFor({ serial: 903 }), rank: 'V/a' })),
        422,
        'RULE_VIOLATION',
        { rule: 'RANK_INVALID' },
      );
    });

    it('is idempotent with an Idempotency-Key', async () => {
      const nip = nipFor({ serial: 904 });
      await expectIdempotent(
        api,
        'post',
        '/employees',
        anEmployee({ nip }),
        anEmployee({ nip, name: 'Someone Else' }),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      const body = anEmployee({ nip: nipFor({ serial: 905 }) });
      expectProblem(await api.send('post', '/employees', body, { role: null }), 401, 'UNAUTHENTICATED');
      expectProblem(await api.send('post', '/employees', body, { role: 'viewer' }), 403, 'FORBIDDEN');
    });
  });

  describe('POST /employees/{nip}/promotions', () => {
    const promotion = (overrides: Record<string, unknown> = {}) => ({
      rank: 'III/d',
      effectiveDate: '2025-04-01',
      decree: aDecree({ signedOn: '2025-03-20' }),
      ...overrides,
    });

    it('promotes: 201; If-Match with the current version passes, a stale one is 409', async () => {
      const nip = world.nips[1];
      const res = await api.send('post', `/employees/${nip}/promotions`, promotion());
      expectAccepted(res, ['EmployeePromoted']);
      const version = res.body.events[0].revision;
      expectProblem(
        await api.send('post', `/employees/${nip}/promotions`, promotion({ rank: 'IV/a' }), {
          headers: { 'If-Match': `"${version - 1}"` },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      expectAccepted(
        await api.send('post', `/employees/${nip}/promotions`, promotion({ rank: 'IV/a' }), {
          headers: { 'If-Match': `"${version}"` },
        }),
        ['EmployeePromoted'],
      );
    });

    it('names the bad field: a missing rank, a bad NIP in the path', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[2]}/promotions`, promotion({ rank: undefined })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'rank',
        },
      );
      expectProblem(
        await api.send('post', '/employees/12345/promotions', promotion()),
        400,
        'VALIDATION_FAILED',
        { field: 'nip' },
      );
    });

    it('refuses an unknown rank (422 RANK_INVALID), an incomplete decree and an unknown employee (404)', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[2]}/promotions`, promotion({ rank: 'V/a' })),
        422,
        'RULE_VIOLATION',
        {
          rule: 'RANK_INVALID',
        },
      );
      expectProblem(
        await api.send(
          'post',
          `/employees/${world.nips[2]}/promotions`,
          promotion({ decree: { number: '1' } }),
        ),
        422,
        'RULE_VIOLATION',
        { rule: 'DECREE_INCOMPLETE' },
      );
      expectProblem(
        await api.send('post', `/employees/${nipFor({ serial: 990 })}/promotions`, promotion()),
        404,
        'NOT_FOUND',
      );
    });

    it('is idempotent with an Idempotency-Key', async () => {
      await expectIdempotent(
        api,
        'post',
        `/employees/${world.nips[3]}/promotions`,
        promotion(),
        promotion({ rank: 'IV/b' }),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[2]}/promotions`, promotion(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${world.nips[2]}/promotions`, promotion(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('POST /employees/{nip}/absences', () => {
    const absence = (overrides: Record<string, unknown> = {}) => ({
      from: '2025-02-03',
      to: '2025-02-14',
      reason: 'cuti tahunan',
      ...overrides,
    });

    it('records an absence: 201', async () => {
      expectAccepted(await api.send('post', `/employees/${world.nips[4]}/absences`, absence()), [
        'AbsenceRecorded',
      ]);
    });

    it('names the bad field: an impossible date, an end before the start', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[4]}/absences`, absence({ from: '2025-02-29' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'from',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${world.nips[4]}/absences`, absence({ to: '2025-01-01' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'to',
        },
      );
    });

    it('refuses an absence of a separated employee (422 EMPLOYEE_NOT_ACTIVE)', async () => {
      const nip = world.nips[5];
      const separation = { reason: 'RESIGNATION', effectiveDate: '2025-01-01', decree: aDecree() };
      expectAccepted(await api.send('post', `/employees/${nip}/separation`, separation), [
        'EmployeeSeparated',
      ]);
      expectProblem(await api.send('post', `/employees/${nip}/absences`, absence()), 422, 'RULE_VIOLATION', {
        rule: 'EMPLOYEE_NOT_ACTIVE',
      });
    });

    it('answers 409 for a stale If-Match', async () => {
      const nip = world.nips[4];
      const res = await api.send(
        'post',
        `/employees/${nip}/absences`,
        absence({ from: '2025-03-03', to: '2025-03-04' }),
      );
      expectAccepted(res, ['AbsenceRecorded']);
      expectProblem(
        await api.send('post', `/employees/${nip}/absences`, absence(), {
          headers: { 'If-Match': `"${res.body.events[0].revision - 1}"` },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
    });

    it('is idempotent with an Idempotency-Key', async () => {
      await expectIdempotent(
        api,
        'post',
        `/employees/${world.nips[6]}/absences`,
        absence(),
        absence({ reason: 'sakit' }),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[4]}/absences`, absence(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${world.nips[4]}/absences`, absence(), { role: 'auditor' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('POST /employees/{nip}/separation', () => {
    const separation = (overrides: Record<string, unknown> = {}) => ({
      reason: 'RETIREMENT',
      effectiveDate: '2025-06-01',
      decree: aDecree(),
      ...overrides,
    });

    it('separates an employee: 201; a second separation is 422 EMPLOYEE_NOT_ACTIVE', async () => {
      const nip = world.nips[7];
      expectAccepted(await api.send('post', `/employees/${nip}/separation`, separation()), [
        'EmployeeSeparated',
      ]);
      expectProblem(
        await api.send('post', `/employees/${nip}/separation`, separation()),
        422,
        'RULE_VIOLATION',
        {
          rule: 'EMPLOYEE_NOT_ACTIVE',
        },
      );
    });

    it('names a bad reason (400) and refuses an incomplete decree (422 DECREE_INCOMPLETE)', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[8]}/separation`, separation({ reason: 'FIRED' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'reason',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${world.nips[8]}/separation`, separation({ decree: {} })),
        422,
        'RULE_VIOLATION',
        { rule: 'DECREE_INCOMPLETE' },
      );
    });

    it('answers 409 for a stale If-Match', async () => {
      const nip = world.nips[9];
      const res = await api.send('post', `/employees/${nip}/absences`, {
        from: '2025-02-03',
        to: '2025-02-04',
        reason: 'cuti',
      });
      expectProblem(
        await api.send('post', `/employees/${nip}/separation`, separation(), {
          headers: { 'If-Match': `"${res.body.events[0].revision - 1}"` },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
    });

    it('is idempotent with an Idempotency-Key', async () => {
      await expectIdempotent(
        api,
        'post',
        `/employees/${world.nips[10]}/separation`,
        separation(),
        separation({ reason: 'DEATH' }),
      );
    });

    it('needs a token (401) and the hr-admin role (403)', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[11]}/separation`, separation(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${world.nips[11]}/separation`, separation(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });
  });
});
