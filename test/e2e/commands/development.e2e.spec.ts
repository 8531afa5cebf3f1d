import { aDecree, aTraining, aWorkArrangement, nipFor } from '@asn/testing';
import { Api, expectAccepted, expectIdempotent, expectProblem, startApi } from './harness';
import { seedWorld, World } from './world';

describe('development commands (employee streams)', () => {
  let api: Api;
  let world: World;
  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api, 9);
  });
  afterAll(() => api.close());

  describe('POST /employees/{nip}/trainings', () => {
    it('records a training in the employee stream: 201', async () => {
      const nip = world.nips[0];
      const res = await api.send('post', `/employees/${nip}/trainings`, aTraining());
      expectAccepted(res, ['TrainingCompleted']);
      expect(res.body.events[0]).toMatchObject({ stream: `employee-${nip}`, revision: 0 });
    });

    it('names the bad field (category, hours as text, an unknown field)', async () => {
      const nip = world.nips[1];
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining({ category: 'FUN' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'category',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining({ hours: '40' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'hours',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining({ grade: 'A' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'grade',
        },
      );
    });

    it('refuses 0 JP (422 TRAINING_INVALID) and an unknown employee (404)', async () => {
      expectProblem(
        await api.send('post', `/employees/${world.nips[1]}/trainings`, aTraining({ hours: 0 })),
        422,
        'RULE_VIOLATION',
        {
          rule: 'TRAINING_INVALID',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${nipFor({ serial: 999 })}/trainings`, aTraining()),
        404,
        'NOT_FOUND',
      );
    });

    it('checks If-Match as "<staffingVersion>.<employeeStreamRevision>"', async () => {
      const nip = world.nips[2];
      const first = await api.send('post', `/employees/${nip}/trainings`, aTraining());
      expectAccepted(first, ['TrainingCompleted']);
      const staffing = await api.send('post', `/employees/${nip}/absences`, {
        from: '2025-02-03',
        to: '2025-02-04',
        reason: 'cuti',
      });
      const current = `"${staffing.body.events[0].revision}.0"`;
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining({ code: 'X' }), {
          headers: { 'If-Match': `"${staffing.body.events[0].revision}.-1"` },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
      expectAccepted(
        await api.send('post', `/employees/${nip}/trainings`, aTraining({ code: 'Y' }), {
          headers: { 'If-Match': current },
        }),
        ['TrainingCompleted'],
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining({ code: 'Z' }), {
          headers: { 'If-Match': current },
        }),
        409,
        'CONCURRENCY_CONFLICT',
      );
    });

    it('is idempotent with an Idempotency-Key, needs a token (401) and hr-admin (403)', async () => {
      const nip = world.nips[3];
      await expectIdempotent(
        api,
        'post',
        `/employees/${nip}/trainings`,
        aTraining(),
        aTraining({ hours: 12 }),
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/trainings`, aTraining(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('PUT /employees/{nip}/work-arrangement', () => {
    it('sets a flexible-work arrangement: 201', async () => {
      const nip = world.nips[4];
      const res = await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement());
      expectAccepted(res, ['WorkArrangementSet']);
      expect(res.body.events[0].stream).toBe(`employee-${nip}`);
    });

    it('names the bad field (a day that is not a working day, a bad date)', async () => {
      const nip = world.nips[5];
      expectProblem(
        await api.send(
          'put',
          `/employees/${nip}/work-arrangement`,
          aWorkArrangement({ flexibleDays: ['SAT'] }),
        ),
        400,
        'VALIDATION_FAILED',
        { field: 'flexibleDays' },
      );
      expectProblem(
        await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement({ to: '2025-02-30' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'to',
        },
      );
    });

    it('refuses three location-flexible days a week (422 FLEX_LIMIT)', async () => {
      expectProblem(
        await api.send(
          'put',
          `/employees/${world.nips[5]}/work-arrangement`,
          aWorkArrangement({ flexibleDays: ['MON', 'WED', 'FRI'] }),
        ),
        422,
        'RULE_VIOLATION',
        { rule: 'FLEX_LIMIT' },
      );
    });

    it('answers 409 for a stale If-Match', async () => {
      const nip = world.nips[6];
      const res = await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement());
      expectAccepted(res, ['WorkArrangementSet']);
      expectProblem(
        await api.send(
          'put',
          `/employees/${nip}/work-arrangement`,
          aWorkArrangement({ flexibleDays: ['MON'] }),
          {
            headers: { 'If-Match': '"0.-1"' },
          },
        ),
        409,
        'CONCURRENCY_CONFLICT',
      );
    });

    it('is idempotent with an Idempotency-Key, needs a token (401) and hr-admin (403)', async () => {
      const nip = world.nips[7];
      await expectIdempotent(
        api,
        'put',
        `/employees/${nip}/work-arrangement`,
        aWorkArrangement(),
        aWorkArrangement({ time: 'SHIFT' }),
      );
      expectProblem(
        await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement(), { role: 'auditor' }),
        403,
        'FORBIDDEN',
      );
    });
  });
  describe('POST /employees/{nip}/discipline (project addition)', () => {
    const sanction = (overrides: Record<string, unknown> = {}) => ({
      level: 'SEDANG',
      from: '2025-01-01',
      to: '2025-12-31',
      decree: aDecree({ number: 'SK-HD/7/2024' }),
      ...overrides,
    });

    it('records a sanction (201), after which location-flexible work in its period is 422 FLEX_NOT_ELIGIBLE', async () => {
      const nip = world.nips[8];
      expectAccepted(await api.send('post', `/employees/${nip}/discipline`, sanction()), [
        'DisciplineRecorded',
      ]);
      expectProblem(
        await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement()),
        422,
        'RULE_VIOLATION',
        {
          rule: 'FLEX_NOT_ELIGIBLE',
        },
      );
      expectAccepted(
        await api.send('put', `/employees/${nip}/work-arrangement`, aWorkArrangement({ from: '2026-01-05' })),
        ['WorkArrangementSet'],
      );
    });

    it('names a bad level or date (400), refuses an end before the start (400) and an unknown employee (404)', async () => {
      const nip = world.nips[8];
      expectProblem(
        await api.send('post', `/employees/${nip}/discipline`, sanction({ level: 'KERAS' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'level',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/discipline`, sanction({ to: '2025-13-01' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'to',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/discipline`, sanction({ to: '2024-12-01' })),
        400,
        'VALIDATION_FAILED',
        {
          field: 'to',
        },
      );
      expectProblem(
        await api.send('post', `/employees/${nipFor({ serial: 999 })}/discipline`, sanction()),
        404,
        'NOT_FOUND',
      );
    });

    it('needs a token (401) and hr-admin (403)', async () => {
      const nip = world.nips[8];
      expectProblem(
        await api.send('post', `/employees/${nip}/discipline`, sanction(), { role: null }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await api.send('post', `/employees/${nip}/discipline`, sanction(), { role: 'viewer' }),
        403,
        'FORBIDDEN',
      );
    });
  });
});
