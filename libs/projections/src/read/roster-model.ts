import type { IsoDate, Roster, RosterPosition, RosterTotals, StaffingState } from '@asn/domain';
import { childUnits, positionUnitOn, rosterOf } from '@asn/domain';
import { comparePositions } from '@asn/event-store';
import type { ReadModelKeys } from '../keys';
import type { ReadModelStore } from '../store/read-model-store.port';
import { EntityCache, StateLoader, type LoadedState } from './state-loader';

/** What one position adds to its unit's roster: its row (none while it is not open) and its sums. */
interface Piece {
  row: RosterPosition | undefined;
  redeployedOut: Roster['redeployedOut'];
  totals: RosterTotals;
}

const NO_UNITS = new Map<string, Set<string>>();
const byId = (a: Piece, b: Piece): number => (a.row!.id < b.row!.id ? -1 : a.row!.id > b.row!.id ? 1 : 0);
const byNip = <T extends { nip: string }>(a: T, b: T): number => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);

/** What a model loads: a unit and everything below it (every root unit without one), and development facts. */
export interface ModelScope {
  unitId?: string;
  development?: boolean;
}

/**
 * The rosters of a unit subtree (or of the whole instansi) on one date, kept between checkpoints. The loaded entities stay in memory
 * and a refresh reads again only those whose stamp moved; each position's row is computed by the domain's
 * rosterOf on a view holding that position alone and kept until one of the entities it reads moves (the
 * position, an employee placed in it, an acting on it or the acting employee). A roster is then the rows
 * put together as rosterOf does: rows by id, redeployed-out holders by NIP, totals summed over the subtree.
 * So a write to one holder costs one stamp check of the subtree, one entity read and one row; "today" is
 * still a query parameter (a model per date), evaluated by the domain.
 */
export class RosterModel {
  private readonly pieces = new Map<string, Piece>();
  private readonly shells = new Map<string, Roster | undefined>();
  /** The refresh in progress: the loader serves one at a time. */
  private refreshing: Promise<boolean> | undefined;

  private constructor(
    private readonly loader: StateLoader,
    /** The loader's state, brought up to date in place by each refresh. */
    private readonly state: StaffingState,
    private readonly asOf: IsoDate,
  ) {}

  static async open(
    store: ReadModelStore,
    keys: ReadModelKeys,
    cache: EntityCache,
    asOf: IsoDate,
    scope: ModelScope,
  ): Promise<RosterModel> {
    const loader = new StateLoader(store, keys, cache);
    // Only the holders on asOf or later are read (the holder index), not everyone who ever held a post.
    (scope.unitId ? loader.unitTree([scope.unitId]) : loader.allRoots()).holdersFrom(asOf);
    if (scope.development) loader.development();
    const { state } = await loader.load();
    return new RosterModel(loader, state, asOf);
  }

  /** The loaded state and development facts, for what the rosters do not show (reports). */
  get loaded(): LoadedState {
    return this.loader.loaded;
  }

  /** Checkpoint of the read models the model reflects. */
  get position(): string {
    return this.loader.loadedAt;
  }

  /**
   * Catches up with the read models at `checkpoint` or later. Concurrent callers share a refresh, and one
   * that started before a caller's checkpoint is followed by another. False when the model cannot follow
   * the change and must be opened again (see StateLoader.refresh).
   */
  async refresh(checkpoint: string): Promise<boolean> {
    while (comparePositions(this.position, checkpoint) < 0) {
      this.refreshing ??= this.catchUp(checkpoint).finally(() => (this.refreshing = undefined));
      if (!(await this.refreshing)) return false;
    }
    return true;
  }

  /**
   * The roster of a loaded unit with subunits expanded `depth` levels, as rosterOf gives it; undefined for
   * a unit the read models do not hold.
   */
  roster(unitId: string, depth: number): Roster | undefined {
    return this.assemble(unitId, depth);
  }

  private async catchUp(checkpoint: string): Promise<boolean> {
    const moved = await this.loader.refresh(checkpoint);
    if (moved === undefined) return false;
    if (moved.size === 0) return true;
    for (const positionId of this.touchedBy(moved)) this.pieces.delete(positionId);
    // Redeployed-in lists are few and short: recomputed whenever anything moved.
    this.shells.clear();
    return true;
  }

  /**
   * The positions whose rows read an entity that moved: the position itself, those of an acting, and an
   * employee's posts and acting posts. An employee is listed in a post only if one of their placements is
   * there, and without an annulment (which reloads the model) placements are only ever added, so their
   * refreshed record names every post whose row lists them.
   */
  private touchedBy(moved: Set<string>): Set<string> {
    const state = this.state;
    const positions = new Set<string>();
    const actingPost = (actingId: string) => {
      const acting = state.actings.get(actingId);
      if (acting) positions.add(acting.positionId);
    };
    for (const field of moved) {
      const colon = field.indexOf(':');
      const id = field.slice(colon + 1);
      switch (field.slice(0, colon)) {
        case 'p':
          positions.add(id);
          break;
        case 'ac':
          actingPost(id);
          break;
        case 'e': {
          const employee = state.employees.get(id);
          for (const placement of employee?.placements ?? []) positions.add(placement.positionId);
          for (const actingId of employee?.actingIds ?? []) actingPost(actingId);
          break;
        }
      }
    }
    return positions;
  }

  private assemble(unitId: string, depth: number): Roster | undefined {
    const shell = this.shell(unitId);
    if (!shell) return undefined;
    // A position listed under several units (it moved) is a piece of the one it is in on the date only.
    const pieces = [...(this.state.unitPositions.get(unitId) ?? [])]
      .filter((positionId) => {
        const position = this.state.positions.get(positionId);
        return position !== undefined && positionUnitOn(position, this.asOf) === unitId;
      })
      .map((positionId) => this.piece(unitId, positionId))
      .filter((piece) => piece.row !== undefined)
      .sort(byId);
    const children = childUnits(this.state, unitId, this.asOf).map((id) =>
      this.assemble(id, Math.max(depth - 1, 0)),
    ) as Roster[];
    const totals = { kebutuhan: 0, bezetting: 0, gap: 0, vacantManajerial: 0 };
    for (const part of [...pieces, ...children]) {
      totals.kebutuhan += part.totals.kebutuhan;
      totals.bezetting += part.totals.bezetting;
      totals.gap += part.totals.gap;
      totals.vacantManajerial += part.totals.vacantManajerial;
    }
    return {
      unit: shell.unit,
      asOf: this.asOf,
      positions: pieces.map((piece) => piece.row!),
      redeployedIn: shell.redeployedIn,
      // Concatenated in row order, then a stable sort: the order rosterOf gives.
      redeployedOut: pieces.flatMap((piece) => piece.redeployedOut).sort(byNip),
      ...(depth > 0 ? { subunits: children } : {}),
      totals,
    };
  }

  /** The unit's own part of its roster (name, redeployed in): rosterOf on a view without positions or subunits. */
  private shell(unitId: string): Roster | undefined {
    if (!this.shells.has(unitId)) {
      const view: StaffingState = { ...this.state, unitPositions: NO_UNITS, unitChildren: NO_UNITS };
      this.shells.set(unitId, rosterOf(view, unitId, this.asOf, 0));
    }
    return this.shells.get(unitId);
  }

  /** The position's row: rosterOf on a view of its unit holding this position alone (and no one redeployed in). */
  private piece(unitId: string, positionId: string): Piece {
    let piece = this.pieces.get(positionId);
    if (!piece) {
      const view: StaffingState = {
        ...this.state,
        unitPositions: new Map([[unitId, new Set([positionId])]]),
        unitChildren: NO_UNITS,
        unitRedeployments: NO_UNITS,
      };
      const roster = rosterOf(view, unitId, this.asOf, 0)!;
      piece = { row: roster.positions[0], redeployedOut: roster.redeployedOut, totals: roster.totals };
      this.pieces.set(positionId, piece);
    }
    return piece;
  }
}
