import { aDecree, aTraining, aWorkArrangement, nthNip } from '@asn/testing';

/** What a body field is, for the mutations that must be refused with 400 naming it. */
export type FieldKind =
  | { kind: 'id' }
  | { kind: 'string'; max: number }
  | { kind: 'date' }
  | { kind: 'nip' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'count' }
  | { kind: 'number' }
  | { kind: 'bool' }
  | { kind: 'strings' }
  | { kind: 'enums'; values: string[] }
  | { kind: 'decree' }
  | { kind: 'lines' };

export interface Field {
  /** Path in the body, e.g. `['decree', 'signedOn']` or `['lines', 0, 'nip']`. */
  path: (string | number)[];
  type: FieldKind;
  required: boolean;
}

export interface Endpoint {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH';
  /** With `{nip}` or `{id}` when the route has a path parameter. */
  path: string;
  valid(): Record<string, unknown>;
  fields: Field[];
}

/** The world the fuzzer's valid bodies refer to (seeded before the run). */
export const WORLD = {
  unitId: 'fz-unit',
  manajerial: 'fz-kabid',
  pelaksana: 'fz-pelaksana',
  nips: Array.from({ length: 4 }, (_, i) => nthNip(800 + i)),
  decreeId: 'fz-decree-unknown',
};

const f = (path: string | (string | number)[], type: FieldKind, required = true): Field => ({
  path: Array.isArray(path) ? path : [path],
  type,
  required,
});

const DECREE_FIELDS: Field[] = [
  f('decree', { kind: 'decree' }),
  f(['decree', 'number'], { kind: 'string', max: 200 }, false),
  f(['decree', 'signedOn'], { kind: 'date' }, false),
  f(['decree', 'signer', 'name'], { kind: 'string', max: 200 }, false),
  f(['decree', 'signer', 'nip'], { kind: 'nip' }, false),
  f(['decree', 'kind'], { kind: 'enum', values: ['SK', 'SURAT_PERINTAH'] }, false),
  f(['decree', 'mendagriApproval'], { kind: 'string', max: 200 }, false),
];
const decree = () => ({ ...aDecree(), signer: { name: 'Wali Kota Semarang', nip: '197001011995031001' } });
const UNIT_KINDS = ['OPD', 'BIDANG', 'SEKSI', 'UPTD', 'KECAMATAN', 'KELURAHAN', 'OTHER'];
const POSITION_KINDS = [
  'JPT_UTAMA',
  'JPT_MADYA',
  'JPT_PRATAMA',
  'ADMINISTRATOR',
  'PENGAWAS',
  'FUNGSIONAL',
  'PELAKSANA',
];
const LEVELS = [
  'AHLI_PERTAMA',
  'AHLI_MUDA',
  'AHLI_MADYA',
  'AHLI_UTAMA',
  'PEMULA',
  'TERAMPIL',
  'MAHIR',
  'PENYELIA',
];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
let serial = 0;
const fresh = (prefix: string) => `${prefix}-${(serial += 1)}`;

/** Every command endpoint of API.md with a valid body and the fields a bad input can break. */
export const ENDPOINTS: Endpoint[] = [
  {
    name: 'EstablishUnit',
    method: 'POST',
    path: '/units',
    valid: () => ({
      id: fresh('fz-u'),
      name: 'Bidang Uji',
      kind: 'BIDANG',
      parentId: WORLD.unitId,
      effectiveDate: '2021-01-04',
    }),
    fields: [
      f('id', { kind: 'id' }),
      f('name', { kind: 'string', max: 300 }),
      f('kind', { kind: 'enum', values: UNIT_KINDS }),
      f('parentId', { kind: 'id' }, false),
      f('effectiveDate', { kind: 'date' }),
    ],
  },
  {
    name: 'ChangeUnit',
    method: 'PATCH',
    path: '/units/{id}',
    valid: () => ({ name: 'Bidang Uji', effectiveDate: '2025-01-06', basis: 'Perda 5/2024' }),
    fields: [
      f('name', { kind: 'string', max: 300 }, false),
      f('parentId', { kind: 'id' }, false),
      f('effectiveDate', { kind: 'date' }),
      f('basis', { kind: 'string', max: 500 }),
    ],
  },
  {
    name: 'DissolveUnit',
    method: 'POST',
    path: '/units/{id}/dissolve',
    valid: () => ({ effectiveDate: '2030-01-07', decree: decree() }),
    fields: [f('effectiveDate', { kind: 'date' }), ...DECREE_FIELDS],
  },
  {
    name: 'EstablishPosition',
    method: 'POST',
    path: '/positions',
    valid: () => ({
      id: fresh('fz-p'),
      unitId: WORLD.unitId,
      title: 'Analis Kebijakan',
      kind: 'FUNGSIONAL',
      level: 'AHLI_MUDA',
      kebutuhan: 2,
      requiredTrainings: ['PKA'],
      effectiveDate: '2021-01-04',
    }),
    fields: [
      f('id', { kind: 'id' }),
      f('unitId', { kind: 'id' }),
      f('title', { kind: 'string', max: 300 }),
      f('kind', { kind: 'enum', values: POSITION_KINDS }),
      f('level', { kind: 'enum', values: LEVELS }, false),
      f('kebutuhan', { kind: 'count' }),
      f('requiredTrainings', { kind: 'strings' }, false),
      f('effectiveDate', { kind: 'date' }),
    ],
  },
  {
    name: 'ChangePositionRequirements',
    method: 'PATCH',
    path: '/positions/{id}',
    valid: () => ({
      kebutuhan: 3,
      requiredTrainings: ['PKA'],
      effectiveDate: '2025-01-06',
      basis: 'Anjab 2025',
    }),
    fields: [
      f('kebutuhan', { kind: 'count' }, false),
      f('requiredTrainings', { kind: 'strings' }, false),
      f('unitId', { kind: 'id' }, false),
      f('effectiveDate', { kind: 'date' }),
      f('basis', { kind: 'string', max: 500 }),
    ],
  },
  {
    name: 'AbolishPosition',
    method: 'POST',
    path: '/positions/{id}/abolish',
    valid: () => ({ effectiveDate: '2030-01-07', decree: decree() }),
    fields: [f('effectiveDate', { kind: 'date' }), ...DECREE_FIELDS],
  },
  {
    name: 'RegisterEmployee',
    method: 'POST',
    path: '/employees',
    valid: () => ({
      nip: nthNip(2000 + (serial += 1)),
      name: 'Sri Wahyuni',
      kind: 'PNS',
      rank: 'III/a',
      joinedOn: '2010-01-01',
      sex: 'M',
    }),
    fields: [
      f('nip', { kind: 'nip' }),
      f('name', { kind: 'string', max: 300 }),
      f('kind', { kind: 'enum', values: ['CPNS', 'PNS', 'PPPK', 'PPPK_PARUH_WAKTU'] }),
      f('rank', { kind: 'string', max: 10 }),
      f('joinedOn', { kind: 'date' }),
      f('birthDate', { kind: 'date' }, false),
      f('sex', { kind: 'enum', values: ['M', 'F'] }, false),
    ],
  },
  {
    name: 'PromoteEmployee',
    method: 'POST',
    path: '/employees/{nip}/promotions',
    valid: () => ({ rank: 'III/d', effectiveDate: '2025-04-01', decree: decree() }),
    fields: [f('rank', { kind: 'string', max: 10 }), f('effectiveDate', { kind: 'date' }), ...DECREE_FIELDS],
  },
  {
    name: 'RecordAbsence',
    method: 'POST',
    path: '/employees/{nip}/absences',
    valid: () => ({ from: '2025-05-05', to: '2025-05-09', reason: 'Cuti tahunan' }),
    fields: [
      f('from', { kind: 'date' }),
      f('to', { kind: 'date' }),
      f('reason', { kind: 'string', max: 500 }),
    ],
  },
  {
    name: 'RecordDiscipline',
    method: 'POST',
    path: '/employees/{nip}/discipline',
    valid: () => ({ level: 'RINGAN', from: '2025-05-05', to: '2025-06-04', decree: decree() }),
    fields: [
      f('level', { kind: 'enum', values: ['RINGAN', 'SEDANG', 'BERAT'] }),
      f('from', { kind: 'date' }),
      f('to', { kind: 'date' }),
      ...DECREE_FIELDS,
    ],
  },
  {
    name: 'SeparateEmployee',
    method: 'POST',
    path: '/employees/{nip}/separation',
    valid: () => ({ reason: 'RESIGNATION', effectiveDate: '2031-01-01', decree: decree() }),
    fields: [
      f('reason', {
        kind: 'enum',
        values: ['RETIREMENT', 'RESIGNATION', 'DISMISSAL', 'DEATH', 'TRANSFER_OUT'],
      }),
      f('effectiveDate', { kind: 'date' }),
      ...DECREE_FIELDS,
    ],
  },
  {
    name: 'IssueDecree',
    method: 'POST',
    path: '/decrees',
    valid: () => ({
      decree: decree(),
      lines: [
        { type: 'APPOINT', nip: WORLD.nips[0], positionId: WORLD.pelaksana, effectiveDate: '2025-01-06' },
      ],
      dryRun: true,
    }),
    fields: [
      ...DECREE_FIELDS,
      f('lines', { kind: 'lines' }),
      f(['lines', 0, 'type'], { kind: 'enum', values: ['APPOINT', 'REASSIGN', 'ACTING', 'REDEPLOY'] }),
      f(['lines', 0, 'nip'], { kind: 'nip' }),
      f(['lines', 0, 'positionId'], { kind: 'id' }),
      f(['lines', 0, 'effectiveDate'], { kind: 'date' }),
      f('dryRun', { kind: 'bool' }, false),
    ],
  },
  {
    name: 'AppointEmployee',
    method: 'POST',
    path: '/employees/{nip}/appoint',
    valid: () => ({ positionId: WORLD.pelaksana, effectiveDate: '2025-01-06', decree: decree() }),
    fields: [f('positionId', { kind: 'id' }), f('effectiveDate', { kind: 'date' }), ...DECREE_FIELDS],
  },
  {
    name: 'ReassignEmployee',
    method: 'POST',
    path: '/employees/{nip}/reassign',
    valid: () => ({
      positionId: WORLD.manajerial,
      moveKind: 'PROMOSI',
      effectiveDate: '2025-03-03',
      decree: decree(),
    }),
    fields: [
      f('positionId', { kind: 'id' }),
      f('moveKind', { kind: 'enum', values: ['MUTASI', 'ROTASI', 'PROMOSI', 'DEMOSI'] }),
      f('effectiveDate', { kind: 'date' }),
      ...DECREE_FIELDS,
    ],
  },
  {
    name: 'AssignActing',
    method: 'POST',
    path: '/employees/{nip}/acting',
    valid: () => ({
      positionId: WORLD.manajerial,
      role: 'PLT',
      effectiveDate: '2025-02-03',
      endDate: '2025-04-30',
      decree: { ...decree(), kind: 'SURAT_PERINTAH' },
    }),
    fields: [
      f('positionId', { kind: 'id' }),
      f('role', { kind: 'enum', values: ['PLT', 'PLH'] }),
      f('effectiveDate', { kind: 'date' }),
      f('endDate', { kind: 'date' }),
      ...DECREE_FIELDS,
    ],
  },
  {
    name: 'RedeployEmployee',
    method: 'POST',
    path: '/employees/{nip}/redeploy',
    valid: () => ({
      unitId: WORLD.unitId,
      effectiveDate: '2025-02-03',
      endDate: '2025-06-30',
      decree: decree(),
    }),
    fields: [
      f('unitId', { kind: 'id' }),
      f('effectiveDate', { kind: 'date' }),
      f('endDate', { kind: 'date' }),
      ...DECREE_FIELDS,
    ],
  },
  {
    name: 'AnnulDecree',
    method: 'POST',
    path: '/decrees/{id}/annul',
    valid: () => ({ reason: 'Salah ketik', decree: decree() }),
    fields: [f('reason', { kind: 'string', max: 1000 }), ...DECREE_FIELDS],
  },
  {
    name: 'CompleteTraining',
    method: 'POST',
    path: '/employees/{nip}/trainings',
    valid: () => ({ ...aTraining(), certificateNumber: fresh('CERT') }),
    fields: [
      f('code', { kind: 'string', max: 50 }),
      f('name', { kind: 'string', max: 300 }),
      f('category', { kind: 'enum', values: ['MANAJERIAL', 'TEKNIS', 'SOSIAL_KULTURAL', 'FUNGSIONAL'] }),
      f('provider', { kind: 'string', max: 300 }),
      f('certificateNumber', { kind: 'string', max: 200 }),
      f('startDate', { kind: 'date' }),
      f('endDate', { kind: 'date' }),
      f('hours', { kind: 'number' }),
    ],
  },
  {
    name: 'ArrangeWork',
    method: 'PUT',
    path: '/employees/{nip}/work-arrangement',
    valid: () => ({ ...aWorkArrangement(), to: '2025-12-31' }),
    fields: [
      f('location', { kind: 'enum', values: ['OFFICE', 'OTHER_OFFICE', 'HOME', 'OTHER_PLACE'] }),
      f('flexibleDays', { kind: 'enums', values: DAYS }),
      f('time', { kind: 'enum', values: ['FIXED', 'SHIFT', 'DYNAMIC'] }),
      f('from', { kind: 'date' }),
      f('to', { kind: 'date' }, false),
      f('basis', { kind: 'string', max: 500 }),
      f('approvedBy', { kind: 'string', max: 300 }),
    ],
  },
];

/** GET routes and the query parameters they read (fuzzed with junk: never 5xx). */
export const QUERIES: { path: string; params: string[]; role: 'viewer' | 'auditor' }[] = [
  { path: '/units/{id}/roster', params: ['asOf', 'depth'], role: 'viewer' },
  { path: '/positions/{id}', params: ['asOf'], role: 'viewer' },
  { path: '/employees/{nip}', params: ['asOf'], role: 'viewer' },
  { path: '/employees', params: ['unitId', 'q', 'limit', 'cursor', 'asOf'], role: 'viewer' },
  { path: '/dashboard/summary', params: ['unitId', 'asOf'], role: 'viewer' },
  { path: '/reports/vacancies', params: ['unitId', 'format'], role: 'viewer' },
  { path: '/reports/acting-expiring', params: ['unitId', 'format', 'days'], role: 'viewer' },
  { path: '/reports/competency-gaps', params: ['unitId', 'format'], role: 'viewer' },
  { path: '/reports/retiring', params: ['unitId', 'format', 'months'], role: 'viewer' },
  { path: '/reports/jp', params: ['unitId', 'format', 'year'], role: 'viewer' },
  { path: '/reports/{id}', params: ['unitId'], role: 'viewer' },
  { path: '/decrees/{id}', params: [], role: 'viewer' },
  { path: '/audit/employees/{nip}/history', params: ['after', 'limit'], role: 'auditor' },
  { path: '/audit/positions/{id}/history', params: ['after', 'limit'], role: 'auditor' },
  { path: '/audit/units/{id}/history', params: ['after', 'limit'], role: 'auditor' },
  { path: '/audit/units/{id}/roster', params: ['asOf', 'knownAt', 'depth'], role: 'auditor' },
  { path: '/audit/events', params: ['after', 'limit', 'type'], role: 'auditor' },
];
