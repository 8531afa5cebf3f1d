import type {
  ActingChange,
  ActingRole,
  DecreeRef,
  DisciplineLevel,
  EmployeeKind,
  FungsionalLevel,
  IsoDate,
  PlacementFact,
  PositionKind,
  RedeploymentFact,
  SeparationReason,
  Sex,
  UnitKind,
} from '@asn/domain';

/**
 * Field names inside the per-entity hashes. A fact's field name includes what makes it unique (its
 * revision or fact id), so re-applying an event rewrites the same field with the same value.
 */
export const F = {
  record: 'rec',
  /** Position: kebutuhan from a date (`k:<revision>`), required trainings (`t:<revision>`), abolition. */
  kebutuhan: 'k:',
  trainingsRequired: 't:',
  abolished: 'abolished',
  /** Position: a move to another unit (`pm:<rev>`). */
  positionMove: 'pm:',
  /** Employee: rank (`r:<rev>`), absence (`a:<rev>`), separation, placement (`pl:<factId>`), ... */
  rank: 'r:',
  absence: 'a:',
  discipline: 'dc:',
  separation: 'sep',
  placement: 'pl:',
  acting: 'ac:',
  actingChange: 'ax:',
  redeployment: 'rd:',
  training: 'tr:',
  work: 'wa:',
  /** Acting: a change (extension or end) `c:<rev>`. */
  change: 'c:',
  /** Unit: a child unit, a position, an employee redeployed in (membership fields, empty values). */
  childUnit: 'c:',
  /** Unit: a rename (`nm:<rev>`), a move in the tree (`mv:<rev>`), its dissolution. */
  unitName: 'nm:',
  unitMove: 'mv:',
  dissolved: 'dissolved',
  unitPosition: 'p:',
  redeployedIn: 'r:',
  /** Position: an employee ever placed in it, an acting assignment on it. */
  placed: 'n:',
  actingOn: 'x:',
  annulment: 'annulled',
  /** Decree: an employee placed by one of its lines (`n:<nip>`), so an annulment finds whom it touches. */
  decreePlaced: 'n:',
} as const;

/** Every stored fact carries where it came from, for ETags and the history index. */
export interface Provenance {
  rev: number;
  position: string;
  type: string;
}

export interface StoredUnit extends Provenance {
  unitId: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  establishedOn: IsoDate;
}

export interface StoredPosition extends Provenance {
  positionId: string;
  unitId: string;
  title: string;
  kind: PositionKind;
  level: FungsionalLevel | null;
  establishedOn: IsoDate;
}

export interface StoredDated<T> extends Provenance {
  from: IsoDate;
  value: T;
}

export interface StoredAbolition extends Provenance {
  effectiveDate: IsoDate;
  decree: DecreeRef;
}

export interface StoredEmployee extends Provenance {
  nip: string;
  name: string;
  kind: EmployeeKind;
  birthDate: IsoDate;
  sex: Sex;
  joinedOn: IsoDate;
}

export interface StoredAbsence extends Provenance {
  from: IsoDate;
  to: IsoDate;
  reason: string;
}

export interface StoredDiscipline extends Provenance {
  level: DisciplineLevel;
  from: IsoDate;
  to: IsoDate;
}

export interface StoredSeparation extends Provenance {
  reason: SeparationReason;
  effectiveDate: IsoDate;
}

export type StoredPlacement = PlacementFact & Provenance;
export type StoredRedeployment = RedeploymentFact & Provenance;

/** In the employee hash: the employee acts under `actingId` (the acting record holds the rest). */
export interface StoredActingRef extends Provenance {
  actingId: string;
  decreeId: string;
  seq: number;
}

export interface StoredActingChangeRef extends Provenance {
  actingId: string;
  decreeId: string;
  kind: 'EXTEND' | 'END';
}

export interface StoredActing extends Provenance {
  actingId: string;
  decreeId: string;
  line: number;
  nip: string;
  positionId: string;
  role: ActingRole;
  from: IsoDate;
  endDate: IsoDate;
  seq: number;
}

export type StoredActingChange = ActingChange & Provenance & { seq: number };

export interface StoredDecree extends Provenance {
  decreeId: string;
  decree: DecreeRef;
  lineCount: number;
}

export interface StoredAnnulment extends Provenance {
  decreeId: string;
  reason: string;
  decree: DecreeRef;
  annulledAt: string;
}

export interface StoredDevFact<T> extends Provenance {
  data: T;
}
