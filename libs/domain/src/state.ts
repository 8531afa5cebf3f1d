import type { DecreeLine } from './commands';
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
  UnitKind,
} from './vocabulary';

export interface UnitRecord {
  unitId: string;
  name: string;
  kind: UnitKind;
  /** The name and the parent as established; `renames` and `moves` change them from their dates. */
  parentId: string | null;
  establishedOn: IsoDate;
  version: number;
  /** Renames after establishment, sorted by `from` (absent in states saved before units could change). */
  renames?: Dated<string>[];
  /** Moves in the tree after establishment, sorted by `from`; a `null` parent is a top-level unit. */
  moves?: Dated<string | null>[];
  /** The first day the unit no longer exists. */
  dissolvedOn?: IsoDate | null;
}

export interface Dated<T> {
  from: IsoDate;
  value: T;
}

export interface PositionRecord {
  positionId: string;
  unitId: string;
  title: string;
  kind: PositionKind;
  level: FungsionalLevel | null;
  /** Kebutuhan over time, sorted by `from`. */
  kebutuhan: Dated<number>[];
  requiredTrainings: Dated<string[]>[];
  establishedOn: IsoDate;
  abolishedOn: IsoDate | null;
  version: number;
  /** Moves to other units after establishment (`unitId` is the first unit), sorted by `from`. */
  moves?: Dated<string>[];
}

/** A definitive placement: from `effectiveDate` the employee holds `positionId` until the next one. */
export interface PlacementFact {
  factId: string;
  decreeId: string;
  line: number;
  kind: 'APPOINT' | 'REASSIGN';
  positionId: string;
  moveKind: MoveKind | null;
  effectiveDate: IsoDate;
  /** Order of recording, to break ties between facts with the same effective date. */
  seq: number;
}

export interface ActingChange {
  decreeId: string;
  line: number;
  kind: 'EXTEND' | 'END';
  /** EXTEND: the new last day; END: the first day no longer acting. */
  date: IsoDate;
}

export interface ActingFact {
  actingId: string;
  decreeId: string;
  line: number;
  nip: string;
  positionId: string;
  role: ActingRole;
  from: IsoDate;
  /** Last acting day as first assigned (inclusive). */
  endDate: IsoDate;
  changes: ActingChange[];
  seq: number;
}

/** Temporary redeployment: in `unitId` from `from`, back home on `endDate`. */
export interface RedeploymentFact {
  factId: string;
  decreeId: string;
  line: number;
  unitId: string;
  fromUnitId: string;
  from: IsoDate;
  endDate: IsoDate;
  seq: number;
}

export interface EmployeeRecord {
  nip: string;
  name: string;
  kind: EmployeeKind;
  birthDate: IsoDate;
  sex: Sex;
  joinedOn: IsoDate;
  /** Rank over time, sorted by `from`. */
  ranks: Dated<string>[];
  separation: { reason: SeparationReason; effectiveDate: IsoDate } | null;
  /** Temporary absences, `to` inclusive. */
  absences: { from: IsoDate; to: IsoDate; reason: string }[];
  /** Sorted by (effectiveDate, seq). Facts of annulled decrees are removed. */
  placements: PlacementFact[];
  actingIds: string[];
  redeployments: RedeploymentFact[];
  version: number;
  /** Disciplinary sanctions, `to` inclusive (absent in states saved before they were recorded). */
  disciplines?: { level: DisciplineLevel; from: IsoDate; to: IsoDate }[];
}

export interface DecreeRecord {
  decreeId: string;
  decree: DecreeRef;
  lines: DecreeLine[];
  revision: number;
  annulled: { reason: string; decree: DecreeRef; annulledAt: string; revision: number } | null;
  version: number;
}

/** The decided state of one `staffing-<instansi>` stream, as known now. */
export interface StaffingState {
  /** Revision of the last event folded in (-1: empty stream). */
  revision: number;
  seq: number;
  units: Map<string, UnitRecord>;
  unitChildren: Map<string, Set<string>>;
  positions: Map<string, PositionRecord>;
  unitPositions: Map<string, Set<string>>;
  employees: Map<string, EmployeeRecord>;
  actings: Map<string, ActingFact>;
  /** Every employee ever placed in a position (definitive), to find its holders quickly. */
  positionPlacements: Map<string, Set<string>>;
  /**
   * Employees whose latest placement is in the position and who have not left service: its possible
   * holders from now on. With `positionLeft`, decide finds the holders at recent dates without walking
   * everyone who ever held the post (a stream of 10^7 events has thousands per post).
   */
  positionOpen: Map<string, Set<string>>;
  /**
   * Employees who left a position, with the latest day their interval there can reach; sorted by it. Split
   * by decade of leaving (key `leftKey(positionId, decade)`): a post collects about one leaver a year for
   * as long as the city exists, and decide and evolve touch only the recent decades.
   */
  positionLeft: Map<string, { nip: string; until: IsoDate }[]>;
  /** The latest `until` in positionLeft ('' when empty): the last decade there is to read. */
  positionLeftLast: IsoDate;
  positionActings: Map<string, Set<string>>;
  /** Employees ever redeployed into a unit. */
  unitRedeployments: Map<string, Set<string>>;
  decrees: Map<string, DecreeRecord>;
  annulledDecreeNumbers: Set<string>;
}

export function initialStaffingState(): StaffingState {
  return {
    revision: -1,
    seq: 0,
    units: new Map(),
    unitChildren: new Map(),
    positions: new Map(),
    unitPositions: new Map(),
    employees: new Map(),
    actings: new Map(),
    positionPlacements: new Map(),
    positionOpen: new Map(),
    positionLeft: new Map(),
    positionLeftLast: '',
    positionActings: new Map(),
    unitRedeployments: new Map(),
    decrees: new Map(),
    annulledDecreeNumbers: new Set(),
  };
}

/** The decade of a date (`'1949-06-21'` → 194), the unit by which positionLeft is split. */
export function decadeOf(date: IsoDate): number {
  return Number(date.slice(0, 3));
}

/** The positionLeft key of the employees who left `positionId` in `decade`. */
export function leftKey(positionId: string, decade: number): string {
  return `${positionId}|${decade}`;
}
