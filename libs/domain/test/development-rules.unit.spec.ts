import {
  decideEmployee,
  employeeProfile,
  evolveEmployee,
  initialEmployeeDevState,
  type EmployeeCommand,
  type EmployeeDevState,
  type StaffingCommand,
} from '../src/index';
import { context, given, stateAfter, TODAY } from './decider-spec';
import { A, appoint, decree, people, placed, register, sk, structure } from './fixtures';

const training = (
  over: Partial<Extract<EmployeeCommand, { type: 'CompleteTraining' }>['data']> = {},
): EmployeeCommand => ({
  type: 'CompleteTraining',
  data: {
    nip: A,
    code: 'PKP',
    name: 'Pelatihan Kepemimpinan Pengawas',
    category: 'MANAJERIAL',
    provider: 'BPSDM Jawa Tengah',
    certificateNumber: 'CERT-1',
    startDate: '2025-01-10',
    endDate: '2025-02-10',
    hours: 40,
    ...over,
  },
});
const flex = (
  days: ('MON' | 'TUE' | 'WED' | 'THU' | 'FRI')[],
  from = '2025-06-01',
  nip = A,
): EmployeeCommand => ({
  type: 'ArrangeWork',
  data: {
    nip,
    location: 'HOME',
    flexibleDays: days,
    time: 'DYNAMIC',
    from,
    basis: 'PermenPANRB 4/2025',
    approvedBy: 'Kepala Dinas',
  },
});

function decide(command: EmployeeCommand, givens: StaffingCommand[] = placed) {
  const staffing = stateAfter(givens);
  return decideEmployee(
    command,
    initialEmployeeDevState(command.data.nip),
    staffing.employees.get(command.data.nip),
    context(),
  );
}
const codes = (d: ReturnType<typeof decide>) => (d.ok ? [] : d.violations.map((v) => v.code));

describe('development rules (employee stream)', () => {
  it('a completed training is accepted', () => {
    expect(decide(training()).ok).toBe(true);
  });
  it('TRAINING_INVALID: JP must be more than 0', () => {
    expect(codes(decide(training({ hours: 0 })))).toContain('TRAINING_INVALID');
  });
  it('TRAINING_INVALID: a training cannot end before it starts', () => {
    expect(codes(decide(training({ startDate: '2025-02-10', endDate: '2025-01-10' })))).toContain(
      'TRAINING_INVALID',
    );
  });
  it('TRAINING_INVALID: a completion in the future is refused', () => {
    expect(codes(decide(training({ endDate: '2025-12-01' })))).toContain('TRAINING_INVALID');
  });
  it('TRAINING_INVALID: a training needs a certificate number', () => {
    expect(codes(decide(training({ certificateNumber: ' ' })))).toContain('TRAINING_INVALID');
  });
  it('EMPLOYEE_NOT_ACTIVE: no training for a separated employee from the separation TMT on', () => {
    const separated = [
      ...placed,
      {
        type: 'SeparateEmployee',
        data: { nip: A, reason: 'DEATH', effectiveDate: '2024-12-01', decree: sk() },
      } as StaffingCommand,
    ];
    expect(codes(decide(training(), separated))).toContain('EMPLOYEE_NOT_ACTIVE');
  });
  it('a training for an unknown employee is NOT_FOUND', () => {
    expect(codes(decide(training({ nip: '199901012020011001' })))).toContain('NOT_FOUND');
  });
  it('flexible work on 2 days a week is accepted', () => {
    expect(decide(flex(['MON', 'FRI'])).ok).toBe(true);
  });
  it('FLEX_LIMIT: location-flexible work on more than 2 days a week is refused', () => {
    expect(codes(decide(flex(['MON', 'TUE', 'WED'])))).toContain('FLEX_LIMIT');
  });
  it('FLEX_LIMIT follows the configured number of days', () => {
    const staffing = stateAfter(placed);
    const decision = decideEmployee(
      flex(['MON', 'TUE', 'WED']),
      initialEmployeeDevState(A),
      staffing.employees.get(A),
      context({ flexMaxDaysPerWeek: 3 }),
    );
    expect(decision.ok).toBe(true);
  });
  it('FLEX_NOT_ELIGIBLE: no flexible work in the first year of service', () => {
    const newcomer = '199501012024011001';
    const givens = [
      ...structure,
      ...people,
      register(newcomer, 'Baru', 'III/a', '2024-09-01'),
      decree([appoint(newcomer, 'STAF', '2024-09-01')]),
    ];
    expect(codes(decide(flex(['MON'], '2025-06-01', newcomer), givens))).toContain('FLEX_NOT_ELIGIBLE');
  });
  it('FLEX_NOT_ELIGIBLE: no flexible work while a disciplinary sanction runs', () => {
    const sanction = (from: string, to: string): StaffingCommand => ({
      type: 'RecordDiscipline',
      data: { nip: A, level: 'SEDANG', from, to, decree: sk('SK-HD/1/2025') },
    });
    const under = [...placed, sanction('2025-03-01', '2025-08-31')];
    expect(codes(decide(flex(['MON'], '2025-06-01'), under))).toContain('FLEX_NOT_ELIGIBLE');
    // An arrangement from before the sanction, with no end, would run into it.
    expect(codes(decide(flex(['MON'], '2025-01-01'), under))).toContain('FLEX_NOT_ELIGIBLE');
    // After its last day, or at the office, it is allowed.
    expect(decide(flex(['MON'], '2025-09-01'), under).ok).toBe(true);
    const atOffice = flex([], '2025-06-01') as Extract<EmployeeCommand, { type: 'ArrangeWork' }>;
    expect(decide({ ...atOffice, data: { ...atOffice.data, location: 'OFFICE' } }, under).ok).toBe(true);
  });
  it('a disciplinary sanction needs a complete decree, an end after its start and an active employee', () => {
    const record = (over: Record<string, unknown>): StaffingCommand =>
      ({
        type: 'RecordDiscipline',
        data: {
          nip: A,
          level: 'RINGAN',
          from: '2025-03-01',
          to: '2025-03-31',
          decree: sk('SK-HD/2/2025'),
          ...over,
        },
      }) as StaffingCommand;
    given(...placed)
      .when(record({}))
      .thenAccepts();
    given(...placed)
      .when(record({ to: '2025-02-01' }))
      .thenRejects('VALIDATION_FAILED');
    given(...placed)
      .when(record({ decree: { number: 'X' } }))
      .thenRejects('DECREE_INCOMPLETE');
    given(...placed)
      .when(record({ nip: '199001012015011099' }))
      .thenRejects('NOT_FOUND');
  });
});

describe('reported rules on the employee profile', () => {
  const dev = (...commands: EmployeeCommand[]): EmployeeDevState => {
    const state = initialEmployeeDevState(A);
    const staffing = stateAfter(placed);
    for (const c of commands) {
      const d = decideEmployee(c, state, staffing.employees.get(A), context());
      if (!d.ok) throw new Error(JSON.stringify(d.violations));
      d.events.forEach((e) => evolveEmployee(state, e, state.revision + 1));
    }
    return state;
  };
  const warningsOf = (state: EmployeeDevState | undefined) =>
    employeeProfile(stateAfter(placed), state, A, TODAY, context().config)!.warnings.map((w) => w.code);

  it('JP_BELOW_MINIMUM: a PNS with fewer than 20 JP this year is reported', () => {
    expect(warningsOf(dev(training({ hours: 10 })))).toContain('JP_BELOW_MINIMUM');
    expect(warningsOf(dev(training({ hours: 24 })))).not.toContain('JP_BELOW_MINIMUM');
  });
  it('TRAINING_MISSING: a Pengawas without PKP 12 months after TMT is reported', () => {
    expect(warningsOf(undefined)).toContain('TRAINING_MISSING');
    expect(warningsOf(dev(training({ code: 'PKP' })))).not.toContain('TRAINING_MISSING');
  });
  it('TENURE: more than 5 years in one post is reported', () => {
    expect(warningsOf(undefined)).toContain('TENURE');
  });
  it('RETIRING_SOON: BUP within 12 months is reported', () => {
    const staffing = stateAfter(placed);
    const old = [...staffing.employees.keys()].find((n) => n.startsWith('1967'))!;
    const profile = employeeProfile(staffing, undefined, old, TODAY, context().config)!;
    expect(profile.retirementDate).toBe('2025-08-01');
    expect(profile.warnings.map((w) => w.code)).toContain('RETIRING_SOON');
    expect(employeeProfile(staffing, undefined, old, '2025-08-01', context().config)!.status).toBe('RETIRED');
  });
});
