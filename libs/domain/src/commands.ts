import type { Command } from './event';
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

export type EstablishUnit = Command<
  'EstablishUnit',
  { unitId: string; name: string; kind: UnitKind; parentId?: string; effectiveDate: IsoDate }
>;
/** A rename, a move in the tree, or both, from `effectiveDate`; `parentId: null` makes it top-level. */
export type ChangeUnit = Command<
  'ChangeUnit',
  { unitId: string; name?: string; parentId?: string | null; effectiveDate: IsoDate; basis: string }
>;
export type DissolveUnit = Command<
  'DissolveUnit',
  { unitId: string; effectiveDate: IsoDate; decree: DecreeRef }
>;
export type EstablishPosition = Command<
  'EstablishPosition',
  {
    positionId: string;
    unitId: string;
    title: string;
    kind: PositionKind;
    level?: FungsionalLevel;
    kebutuhan: number;
    requiredTrainings?: string[];
    effectiveDate: IsoDate;
  }
>;
export type ChangePositionRequirements = Command<
  'ChangePositionRequirements',
  {
    positionId: string;
    kebutuhan?: number;
    requiredTrainings?: string[];
    /** Moves the position to another unit from `effectiveDate` (this project's addition). */
    unitId?: string;
    effectiveDate: IsoDate;
    basis: string;
  }
>;
export type AbolishPosition = Command<
  'AbolishPosition',
  { positionId: string; effectiveDate: IsoDate; decree: DecreeRef }
>;
export type RegisterEmployee = Command<
  'RegisterEmployee',
  {
    nip: string;
    name: string;
    kind: EmployeeKind;
    rank: string;
    joinedOn: IsoDate;
    birthDate?: IsoDate;
    sex?: Sex;
  }
>;
export type PromoteEmployee = Command<
  'PromoteEmployee',
  { nip: string; rank: string; effectiveDate: IsoDate; decree: DecreeRef }
>;
export type RecordAbsence = Command<
  'RecordAbsence',
  { nip: string; from: IsoDate; to: IsoDate; reason: string }
>;
/** A disciplinary sanction in force from `from` to `to` (inclusive); this project's addition. */
export type RecordDiscipline = Command<
  'RecordDiscipline',
  { nip: string; level: DisciplineLevel; from: IsoDate; to: IsoDate; decree: DecreeRef }
>;
export type SeparateEmployee = Command<
  'SeparateEmployee',
  { nip: string; reason: SeparationReason; effectiveDate: IsoDate; decree: DecreeRef }
>;

export type DecreeLine =
  | { type: 'APPOINT'; nip: string; positionId: string; effectiveDate: IsoDate }
  | { type: 'REASSIGN'; nip: string; positionId: string; moveKind: MoveKind; effectiveDate: IsoDate }
  | {
      type: 'ACTING';
      nip: string;
      positionId: string;
      role: ActingRole;
      effectiveDate: IsoDate;
      endDate: IsoDate;
    }
  | { type: 'EXTEND_ACTING'; nip: string; positionId: string; endDate: IsoDate }
  | { type: 'END_ACTING'; nip: string; positionId: string; effectiveDate: IsoDate }
  | { type: 'REDEPLOY'; nip: string; unitId: string; effectiveDate: IsoDate; endDate: IsoDate };

/** A decree with its lines: all apply atomically or none does (ReassignEmployee and its siblings are one-line decrees). */
export type IssueDecree = Command<
  'IssueDecree',
  { decreeId: string; decree: DecreeRef; lines: DecreeLine[] }
>;
export type AnnulDecree = Command<'AnnulDecree', { decreeId: string; reason: string; decree: DecreeRef }>;

export type StaffingCommand =
  | EstablishUnit
  | ChangeUnit
  | DissolveUnit
  | EstablishPosition
  | ChangePositionRequirements
  | AbolishPosition
  | RegisterEmployee
  | PromoteEmployee
  | RecordAbsence
  | RecordDiscipline
  | SeparateEmployee
  | IssueDecree
  | AnnulDecree;

export type CompleteTraining = Command<
  'CompleteTraining',
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
export type ArrangeWork = Command<
  'ArrangeWork',
  {
    nip: string;
    location: WorkLocation;
    flexibleDays: WorkDay[];
    time: WorkTime;
    from: IsoDate;
    to?: IsoDate;
    basis: string;
    approvedBy: string;
  }
>;

export type EmployeeCommand = CompleteTraining | ArrangeWork;
