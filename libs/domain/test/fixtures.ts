import type { DecreeLine, DecreeRef, StaffingCommand } from '../src/index';

/** A valid NIP: birth date, CPNS start (YYYYMM), sex digit, serial. */
export const nip = (birth: string, cpns: string, sex: '1' | '2' = '1', serial = '001'): string =>
  `${birth}${cpns}${sex}${serial}`;

export const A = nip('19850315', '201001');
export const B = nip('19860420', '201101', '2');
export const C = nip('19870101', '201201');
export const D = nip('19880202', '201301', '2');
/** Born 1967-07-10: BUP 58 in a Pengawas/Pelaksana post, so retires on 2025-08-01. */
export const OLD = nip('19670710', '199001');
export const SIGNER = { name: 'Wali Kota Semarang', nip: nip('19700101', '199501', '1', '009') };

export const sk = (number = 'SK-800/1/2025', signedOn = '2025-01-10'): DecreeRef => ({
  number,
  signedOn,
  signer: { name: SIGNER.name },
  kind: 'SK',
});
export const letter = (number = 'SPR-1/2025'): DecreeRef => ({
  number,
  signedOn: '2025-01-10',
  signer: { name: 'Sekretaris Daerah' },
  kind: 'SURAT_PERINTAH',
});

let decreeSeq = 0;
export const decree = (lines: DecreeLine[], ref: DecreeRef = sk(`SK-${++decreeSeq}`)): StaffingCommand => ({
  type: 'IssueDecree',
  data: { decreeId: `d-${decreeSeq}-${Math.random().toString(36).slice(2, 8)}`, decree: ref, lines },
});
export const decreeWithId = (
  decreeId: string,
  lines: DecreeLine[],
  ref: DecreeRef = sk(),
): StaffingCommand => ({
  type: 'IssueDecree',
  data: { decreeId, decree: ref, lines },
});

export const register = (
  n: string,
  name: string,
  rank = 'III/c',
  joinedOn = '2010-01-01',
): StaffingCommand => ({
  type: 'RegisterEmployee',
  data: { nip: n, name, kind: 'PNS', rank, joinedOn },
});

const unit = (unitId: string, parentId?: string): StaffingCommand => ({
  type: 'EstablishUnit',
  data: {
    unitId,
    name: `Unit ${unitId}`,
    kind: parentId ? 'BIDANG' : 'OPD',
    parentId,
    effectiveDate: '2020-01-01',
  },
});

const position = (
  positionId: string,
  unitId: string,
  kind: 'JPT_PRATAMA' | 'ADMINISTRATOR' | 'PENGAWAS' | 'PELAKSANA' | 'FUNGSIONAL',
  extra: { kebutuhan?: number; level?: 'AHLI_MUDA' | 'AHLI_MADYA' } = {},
): StaffingCommand => ({
  type: 'EstablishPosition',
  data: {
    positionId,
    unitId,
    title: `Jabatan ${positionId}`,
    kind,
    level: extra.level,
    kebutuhan: extra.kebutuhan ?? 1,
    effectiveDate: '2020-01-01',
  },
});

/** Dinas (U1) with a bidang (U2); a JPT pratama, an administrator, three pengawas, staff and fungsional posts. */
export const structure: StaffingCommand[] = [
  unit('U1'),
  unit('U2', 'U1'),
  position('KADIS', 'U1', 'JPT_PRATAMA'),
  position('SEKRE', 'U1', 'ADMINISTRATOR'),
  position('KASI1', 'U1', 'PENGAWAS'),
  position('KASI2', 'U2', 'PENGAWAS'),
  position('KASI3', 'U2', 'PENGAWAS'),
  position('STAF', 'U1', 'PELAKSANA', { kebutuhan: 3 }),
  position('AHLI', 'U2', 'FUNGSIONAL', { level: 'AHLI_MUDA', kebutuhan: 2 }),
  position('MADYA', 'U2', 'FUNGSIONAL', { level: 'AHLI_MADYA', kebutuhan: 1 }),
];

export const people: StaffingCommand[] = [
  register(A, 'Agus'),
  register(B, 'Budi'),
  register(C, 'Citra'),
  register(D, 'Dewi'),
  register(OLD, 'Oetomo', 'III/d', '1990-01-01'),
  register(SIGNER.nip, 'Hendrar', 'IV/c', '1995-01-01'),
];

export const appoint = (n: string, positionId: string, effectiveDate = '2020-02-01'): DecreeLine => ({
  type: 'APPOINT',
  nip: n,
  positionId,
  effectiveDate,
});
export const reassign = (n: string, positionId: string, effectiveDate = '2025-02-01'): DecreeLine => ({
  type: 'REASSIGN',
  nip: n,
  positionId,
  moveKind: 'ROTASI',
  effectiveDate,
});
export const acting = (
  n: string,
  positionId: string,
  role: 'PLT' | 'PLH' = 'PLT',
  effectiveDate = '2025-03-01',
  endDate = '2025-05-31',
): DecreeLine => ({ type: 'ACTING', nip: n, positionId, role, effectiveDate, endDate });

/** A, B, C hold KASI1, KASI2, KASI3 since 2020-02-01; D is staff. */
export const placed: StaffingCommand[] = [
  ...structure,
  ...people,
  decree([
    appoint(A, 'KASI1'),
    appoint(B, 'KASI2'),
    appoint(C, 'KASI3'),
    appoint(D, 'STAF'),
    appoint(OLD, 'STAF'),
  ]),
];
