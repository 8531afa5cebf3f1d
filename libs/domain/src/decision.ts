import type { IsoDate } from './vocabulary';

/** Codes of the rules the engine enforces (DOMAIN.md): a command that breaks one is refused (HTTP 422). */
export const RULE_CODES = [
  'NIP_INVALID',
  'EMPLOYEE_EXISTS',
  'EMPLOYEE_NOT_ACTIVE',
  'RANK_INVALID',
  'POSITION_CLOSED',
  'POSITION_OCCUPIED',
  'ALREADY_PLACED',
  'NOT_PLACED',
  'ACTING_NOT_FOUND',
  'ACTING_NOT_MANAJERIAL',
  'PLT_NOT_VACANT',
  'PLH_HOLDER_PRESENT',
  'ACTING_TAKEN',
  'ACTING_LEVEL',
  'ACTING_TOO_LONG',
  'DECREE_INCOMPLETE',
  'SIGNER_NOT_AUTHORISED',
  'AFTER_RETIREMENT',
  'TRAINING_INVALID',
  'FLEX_LIMIT',
  'FLEX_NOT_ELIGIBLE',
  'DECREE_ANNULLED',
  'ELECTION_WINDOW',
  // The project's additions for restructuring units (docs/DOMAIN-ADDITIONS.md).
  'UNIT_CLOSED',
  'UNIT_NOT_EMPTY',
  'UNIT_CYCLE',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** Codes of the rules the engine only reports (warnings). */
export const WARNING_CODES = [
  'OVERSTAFFED',
  'UNDERSTAFFED',
  'VACANT',
  'ACTING_EXPIRING',
  'TENURE',
  'RANK_OUTSIDE_RANGE',
  'TRAINING_MISSING',
  'JP_BELOW_MINIMUM',
  'RETIRING_SOON',
  'RETROACTIVE',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Violation {
  /**
   * A rule code; NOT_FOUND when the command names an entity that does not exist; ALREADY_EXISTS when it
   * creates one whose id is taken; VALIDATION_FAILED when fields disagree with each other (a 400).
   */
  code: RuleCode | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'VALIDATION_FAILED';
  message: string;
  /** Index of the decree line the violation belongs to. */
  line?: number;
  field?: string;
}

export interface Warning {
  code: WarningCode;
  message: string;
  line?: number;
}

export type Decision<E> =
  | { ok: true; events: E[]; warnings: Warning[] }
  | { ok: false; violations: Violation[]; warnings: Warning[] };

/** Numbers the sources disagree on or that differ per agency (DOMAIN.md, "configurable"). */
export interface DomainConfig {
  actingMaxMonths: number;
  actingMaxExtensions: number;
  actingExtensionMaxMonths: number;
  flexMaxDaysPerWeek: number;
  flexMinServiceMonths: number;
  trainingMissingMonths: number;
  actingExpiringDays: number;
  retiringSoonMonths: number;
  tenureMinMonths: number;
  tenureMaxMonths: number;
  /** Election windows (inclusive) in which replacing a manajerial holder needs a Mendagri approval. */
  electionWindows: { from: IsoDate; to: IsoDate }[];
}

export const DEFAULT_DOMAIN_CONFIG: DomainConfig = {
  actingMaxMonths: 3,
  actingMaxExtensions: 1,
  actingExtensionMaxMonths: 3,
  flexMaxDaysPerWeek: 2,
  flexMinServiceMonths: 12,
  trainingMissingMonths: 12,
  actingExpiringDays: 14,
  retiringSoonMonths: 12,
  tenureMinMonths: 24,
  tenureMaxMonths: 60,
  electionWindows: [],
};

/** What a decision may know about the outside world: the clock and the configuration, passed in. */
export interface DecideContext {
  /** Today's date in the instansi (for "not in the future" checks and warnings). */
  today: IsoDate;
  /** The recording time (ISO-8601), stamped on annulments. */
  now: string;
  config: DomainConfig;
}
