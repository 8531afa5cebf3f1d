import type { Event } from './event';
import type {
  ActingRole,
  DisciplineLevel,
  DecreeRef,
  EmployeeKind,
  FungsionalLevel,
  IsoDate,
  MoveKind,
  PositionKind,
  SeparationReason,
  Sex,
  TrainingCategory,
  UnitKind,
  WorkDay,
  WorkLocation,
  WorkTime,
} from './vocabulary';

// The `type` strings are the storage contract: never rename one; add a new version and an upcaster.

// ---- staffing-<instansi> stream ----
export type UnitEstablished = Event<
  'UnitEstablished',
  { unitId: string; name: string; kind: UnitKind; parentId: string | null; effectiveDate: IsoDate }
>;
export type UnitRenamed = Event<
  'UnitRenamed',
  { unitId: string; name: string; effectiveDate: IsoDate; basis: string }
>;
/** Moved in the tree: under `parentId` (null: a top-level unit) from `effectiveDate`. */
export type UnitMoved = Event<
  'UnitMoved',
  { unitId: string; parentId: string | null; effectiveDate: IsoDate; basis: string }
>;
export type UnitDissolved = Event<
  'UnitDissolved',
  { unitId: string; effectiveDate: IsoDate; decree: DecreeRef }
>;
export type PositionEstablished = Event<
  'PositionEstablished',
  {
    positionId: string;
    unitId: string;
    title: string;
    kind: PositionKind;
    level: FungsionalLevel | null;
    kebutuhan: number;
    requiredTrainings: string[];
    effectiveDate: IsoDate;
  }
>;
export type PositionRequirementsChanged = Event<
  'PositionRequirementsChanged',
  {
    positionId: string;
    kebutuhan?: number;
    requiredTrainings?: string[];
    effectiveDate: IsoDate;
    basis: string;
  }
>;
/** The position belongs to `unitId` from `effectiveDate` (its holders, acting and history go with it). */
export type PositionMoved = Event<
  'PositionMoved',
  { positionId: string; unitId: string; effectiveDate: IsoDate; basis: string }
>;
export type PositionAbolished = Event<
  'PositionAbolished',
  { positionId: string; effectiveDate: IsoDate; decree: DecreeRef }
>;
export type EmployeeRegistered = Event<
  'EmployeeRegistered',
  {
    nip: string;
    name: string;
    kind: EmployeeKind;
    rank: string;
    joinedOn: IsoDate;
    birthDate: IsoDate;
    sex: Sex;
  }
>;
export type EmployeePromoted = Event<
  'EmployeePromoted',
  { nip: string; rank: string; previousRank: string; effectiveDate: IsoDate; decree: DecreeRef }
>;
/** `to` is the last day of the absence (inclusive). */
export type AbsenceRecorded = Event<
  'AbsenceRecorded',
  { nip: string; from: IsoDate; to: IsoDate; reason: string }
>;
/** `to` is the last day the sanction is in force (inclusive). */
export type DisciplineRecorded = Event<
  'DisciplineRecorded',
  { nip: string; level: DisciplineLevel; from: IsoDate; to: IsoDate; decree: DecreeRef }
>;
export type EmployeeSeparated = Event<
  'EmployeeSeparated',
  { nip: string; reason: SeparationReason; effectiveDate: IsoDate; decree: DecreeRef }
>;

/** Opens a decree; its lines follow as one event each, in the same append. */
export type DecreeIssued = Event<'DecreeIssued', { decreeId: string; decree: DecreeRef; lineCount: number }>;
type LineRef = { decreeId: string; line: number; nip: string };
export type EmployeeAppointed = Event<
  'EmployeeAppointed',
  LineRef & { positionId: string; unitId: string; effectiveDate: IsoDate }
>;
export type EmployeeReassigned = Event<
  'EmployeeReassigned',
  LineRef & {
    positionId: string;
    unitId: string;
    fromPositionId: string | null;
    moveKind: MoveKind;
    effectiveDate: IsoDate;
  }
>;
/** Acting (Plt/Plh) from `effectiveDate` through `endDate` (the last acting day, inclusive). */
export type ActingAssigned = Event<
  'ActingAssigned',
  LineRef & { positionId: string; unitId: string; role: ActingRole; effectiveDate: IsoDate; endDate: IsoDate }
>;
export type ActingExtended = Event<
  'ActingExtended',
  LineRef & { positionId: string; actingId: string; previousEndDate: IsoDate; endDate: IsoDate }
>;
/** The acting assignment stops at `effectiveDate` (that day is no longer acting). */
export type ActingEnded = Event<
  'ActingEnded',
  LineRef & { positionId: string; actingId: string; effectiveDate: IsoDate }
>;
/** Temporary redeployment to `unitId` from `effectiveDate`; back at the home post on `endDate`. */
export type EmployeeRedeployed = Event<
  'EmployeeRedeployed',
  LineRef & { unitId: string; fromUnitId: string; effectiveDate: IsoDate; endDate: IsoDate }
>;
export type DecreeAnnulled = Event<
  'DecreeAnnulled',
  { decreeId: string; reason: string; decree: DecreeRef; annulledAt: string }
>;

export type DecreeLineEvent =
  EmployeeAppointed | EmployeeReassigned | ActingAssigned | ActingExtended | ActingEnded | EmployeeRedeployed;

export type StaffingEvent =
  | UnitEstablished
  | UnitRenamed
  | UnitMoved
  | UnitDissolved
  | PositionEstablished
  | PositionRequirementsChanged
  | PositionMoved
  | PositionAbolished
  | EmployeeRegistered
  | EmployeePromoted
  | AbsenceRecorded
  | DisciplineRecorded
  | EmployeeSeparated
  | DecreeIssued
  | DecreeLineEvent
  | DecreeAnnulled;

// ---- employee-<nip> stream ----
export type TrainingCompleted = Event<
  'TrainingCompleted',
  {
    nip: string;
    code: string;
    name: string;
    category: TrainingCategory;
    provider: string;
    certificateNumber: string;
    startDate: IsoDate;
    endDate: IsoDate;
    hours: number;
  }
>;
/** A flexible-work arrangement from `from` through `to` (inclusive; open-ended when null). */
export type WorkArrangementSet = Event<
  'WorkArrangementSet',
  {
    nip: string;
    location: WorkLocation;
    flexibleDays: WorkDay[];
    time: WorkTime;
    from: IsoDate;
    to: IsoDate | null;
    basis: string;
    approvedBy: string;
  }
>;

export type EmployeeEvent = TrainingCompleted | WorkArrangementSet;

export type DomainEvent = StaffingEvent | EmployeeEvent;

export const STAFFING_STREAM_PREFIX = 'staffing-';
export const EMPLOYEE_STREAM_PREFIX = 'employee-';
export const staffingStream = (instansi: string): string => `${STAFFING_STREAM_PREFIX}${instansi}`;
export const employeeStream = (nip: string): string => `${EMPLOYEE_STREAM_PREFIX}${nip}`;
