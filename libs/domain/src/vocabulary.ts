/** Calendar dates are ISO strings `YYYY-MM-DD`; they compare correctly as strings. */
export type IsoDate = string;

export const UNIT_KINDS = ['OPD', 'BIDANG', 'SEKSI', 'UPTD', 'KECAMATAN', 'KELURAHAN', 'OTHER'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const POSITION_KINDS = [
  'JPT_UTAMA',
  'JPT_MADYA',
  'JPT_PRATAMA',
  'ADMINISTRATOR',
  'PENGAWAS',
  'FUNGSIONAL',
  'PELAKSANA',
] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

export const MANAJERIAL_KINDS: readonly PositionKind[] = [
  'JPT_UTAMA',
  'JPT_MADYA',
  'JPT_PRATAMA',
  'ADMINISTRATOR',
  'PENGAWAS',
];

export const FUNGSIONAL_LEVELS = [
  'AHLI_PERTAMA',
  'AHLI_MUDA',
  'AHLI_MADYA',
  'AHLI_UTAMA',
  'PEMULA',
  'TERAMPIL',
  'MAHIR',
  'PENYELIA',
] as const;
export type FungsionalLevel = (typeof FUNGSIONAL_LEVELS)[number];

export const EMPLOYEE_KINDS = ['CPNS', 'PNS', 'PPPK', 'PPPK_PARUH_WAKTU'] as const;
export type EmployeeKind = (typeof EMPLOYEE_KINDS)[number];

export const SEPARATION_REASONS = [
  'RETIREMENT',
  'RESIGNATION',
  'DISMISSAL',
  'DEATH',
  'TRANSFER_OUT',
] as const;
export type SeparationReason = (typeof SEPARATION_REASONS)[number];

/** Hukuman disiplin (PP 94/2021): light, medium, heavy. */
export const DISCIPLINE_LEVELS = ['RINGAN', 'SEDANG', 'BERAT'] as const;
export type DisciplineLevel = (typeof DISCIPLINE_LEVELS)[number];

export const MOVE_KINDS = ['MUTASI', 'ROTASI', 'PROMOSI', 'DEMOSI'] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];

export const ACTING_ROLES = ['PLT', 'PLH'] as const;
export type ActingRole = (typeof ACTING_ROLES)[number];

export const DECREE_KINDS = ['SK', 'SURAT_PERINTAH'] as const;
export type DecreeKind = (typeof DECREE_KINDS)[number];

export const TRAINING_CATEGORIES = ['MANAJERIAL', 'TEKNIS', 'SOSIAL_KULTURAL', 'FUNGSIONAL'] as const;
export type TrainingCategory = (typeof TRAINING_CATEGORIES)[number];

export const WORK_LOCATIONS = ['OFFICE', 'OTHER_OFFICE', 'HOME', 'OTHER_PLACE'] as const;
export type WorkLocation = (typeof WORK_LOCATIONS)[number];

export const WORK_DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const;
export type WorkDay = (typeof WORK_DAYS)[number];

export const WORK_TIMES = ['FIXED', 'SHIFT', 'DYNAMIC'] as const;
export type WorkTime = (typeof WORK_TIMES)[number];

export type Sex = 'M' | 'F';

/**
 * The decree (SK) or letter (surat perintah) that authorises a change. Fields are optional here because
 * an incomplete decree is a rule violation (DECREE_INCOMPLETE), not a malformed request.
 */
export interface DecreeRef {
  number?: string;
  signedOn?: IsoDate;
  signer?: { name?: string; nip?: string };
  kind?: DecreeKind;
  /** Mendagri approval reference, needed to replace a manajerial holder inside an election window. */
  mendagriApproval?: string;
}
