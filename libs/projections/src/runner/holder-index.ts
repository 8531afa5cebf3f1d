import type { IsoDate } from '@asn/domain';
import { factId } from '@asn/domain';
import type { ReadModelKeys } from '../keys';
import { F, type StoredPlacement, type StoredSeparation } from '../records';
import type { ProjectedEvent } from '../staffing-projection';
import type { ReadModelStore } from '../store/read-model-store.port';
import { zadd, zrem, type ReadModelWrite } from '../write';

/** Meta field set while a version's holder index is complete (built from the start of the log). */
export const HOLDER_INDEX_FIELD = 'holderIndex';

/** A date as a sorted-set score: 2025-06-02 -> 20250602. */
export const dateScore = (date: IsoDate): number =>
  Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));

interface Placement {
  positionId: string;
  effectiveDate: IsoDate;
  seq: number;
  decreeId: string;
}

interface Holder {
  /** factId -> placement (re-applying an event replaces the same entry). */
  placements: Map<string, Placement>;
  separation: IsoDate | null;
  /** positionId -> score as last written to the index. */
  scores: Map<string, number>;
}

/**
 * Keeps the per-position holder index (`ReadModelKeys.holders`): for every position, the employees with an
 * interval there, scored by the end of their last interval (the next placement or the separation; +inf
 * while open). Retirement is not counted, so a score is never earlier than the real end: a roster on a date
 * reads the members scored after it and gets every holder on that date and a few more, never fewer.
 *
 * An interval's end depends on the employee's other facts (a later move, a retroactive decree, a separation,
 * the annulment of any of their decrees, which can reopen an old interval), so the index keeps each
 * touched employee's placements in memory and rewrites their scores after each batch: ZADD for a changed
 * score, ZREM for a position they no longer hold at all. A run from the start of the log knows everyone; a
 * run resumed from a checkpoint reads the employees it has not seen from the store first.
 */
export class HolderIndex {
  private readonly holders = new Map<string, Holder>();
  private readonly decreeNips = new Map<string, Set<string>>();

  private constructor(
    private readonly store: ReadModelStore,
    private readonly keys: ReadModelKeys,
    /** Every employee's placements are in memory (the run started at the beginning of the log). */
    private readonly knowsAll: boolean,
    /** The index of this version was built from the start of the log: queries may use it. */
    readonly complete: boolean,
    private readonly annulled: Set<string>,
  ) {}

  static async open(store: ReadModelStore, keys: ReadModelKeys, after: string): Promise<HolderIndex> {
    if (after === '0') return new HolderIndex(store, keys, true, true, new Set());
    const [meta, annulled] = await store.hgetall([keys.meta, keys.annulled]);
    return new HolderIndex(
      store,
      keys,
      false,
      meta[HOLDER_INDEX_FIELD] === '1',
      new Set(Object.keys(annulled)),
    );
  }

  /** Whether the index reads events of this type (others can be left out of `writesFor`). */
  static concerns(type: string): boolean {
    return (
      type === 'EmployeeAppointed' ||
      type === 'EmployeeReassigned' ||
      type === 'EmployeeSeparated' ||
      type === 'DecreeAnnulled'
    );
  }

  /** The index writes a batch causes; batches must be given in log order, one after the other. */
  async writesFor(events: readonly ProjectedEvent[]): Promise<ReadModelWrite[]> {
    if (!this.knowsAll) await this.loadUnseen(events);
    const touched = new Set<string>();
    for (const event of events) {
      switch (event.type) {
        case 'EmployeeAppointed':
        case 'EmployeeReassigned': {
          const d = event.data as {
            decreeId: string;
            line: number;
            nip: string;
            positionId: string;
            effectiveDate: IsoDate;
          };
          const holder = this.holder(d.nip);
          holder.placements.set(factId(d.decreeId, d.line), {
            positionId: d.positionId,
            effectiveDate: d.effectiveDate,
            seq: event.revision,
            decreeId: d.decreeId,
          });
          this.placedBy(d.decreeId, d.nip);
          touched.add(d.nip);
          break;
        }
        case 'EmployeeSeparated': {
          const d = event.data as { nip: string; effectiveDate: IsoDate };
          this.holder(d.nip).separation = d.effectiveDate;
          touched.add(d.nip);
          break;
        }
        case 'DecreeAnnulled': {
          const { decreeId } = event.data as { decreeId: string };
          this.annulled.add(decreeId);
          for (const nip of this.decreeNips.get(decreeId) ?? []) touched.add(nip);
          break;
        }
      }
    }
    const writes: ReadModelWrite[] = [];
    for (const nip of touched) {
      const holder = this.holders.get(nip)!;
      const scores = this.scoresOf(holder);
      for (const [positionId, score] of scores) {
        if (holder.scores.get(positionId) !== score)
          writes.push(zadd(this.keys.holders(positionId), score, nip));
      }
      for (const positionId of holder.scores.keys()) {
        if (!scores.has(positionId)) writes.push(zrem(this.keys.holders(positionId), nip));
      }
      holder.scores = scores;
    }
    return writes;
  }

  private holder(nip: string): Holder {
    let holder = this.holders.get(nip);
    if (!holder)
      this.holders.set(nip, (holder = { placements: new Map(), separation: null, scores: new Map() }));
    return holder;
  }

  private placedBy(decreeId: string, nip: string): void {
    let nips = this.decreeNips.get(decreeId);
    if (!nips) this.decreeNips.set(decreeId, (nips = new Set()));
    nips.add(nip);
  }

  /** Per position, the end of the employee's last interval there (as evaluated without retirement). */
  private scoresOf(holder: Holder): Map<string, number> {
    const facts = [...holder.placements.values()]
      .filter((p) => !this.annulled.has(p.decreeId))
      .sort((a, b) =>
        a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.seq - b.seq,
      );
    const separation = holder.separation;
    const scores = new Map<string, number>();
    for (let i = 0; i < facts.length; i++) {
      const fact = facts[i];
      if (separation !== null && fact.effectiveDate >= separation) break;
      let to: IsoDate | null = i + 1 < facts.length ? facts[i + 1].effectiveDate : null;
      if (separation !== null && (to === null || separation < to)) to = separation;
      if (to !== null && to <= fact.effectiveDate) continue; // replaced the same day
      const score = to === null ? Infinity : dateScore(to);
      const known = scores.get(fact.positionId);
      if (known === undefined || score > known) scores.set(fact.positionId, score);
    }
    return scores;
  }

  /**
   * A resumed run: reads the employees the batch touches that it has not seen yet (and the ones named by an
   * annulled decree) as the store holds them before the batch, with the scores the index has for them.
   */
  private async loadUnseen(events: readonly ProjectedEvent[]): Promise<void> {
    const nips = new Set<string>();
    const decrees = new Set<string>();
    for (const event of events) {
      const data = event.data as { nip?: string; decreeId?: string };
      if (
        (event.type === 'EmployeeAppointed' ||
          event.type === 'EmployeeReassigned' ||
          event.type === 'EmployeeSeparated') &&
        data.nip !== undefined &&
        !this.holders.has(data.nip)
      ) {
        nips.add(data.nip);
      } else if (event.type === 'DecreeAnnulled' && data.decreeId !== undefined) decrees.add(data.decreeId);
    }
    if (decrees.size > 0) {
      const list = [...decrees];
      const hashes = await this.store.hgetall(list.map((id) => this.keys.decree(id)));
      list.forEach((decreeId, i) => {
        for (const field in hashes[i]) {
          if (!field.startsWith(F.decreePlaced)) continue;
          const nip = field.slice(F.decreePlaced.length);
          this.placedBy(decreeId, nip);
          if (!this.holders.has(nip)) nips.add(nip);
        }
      });
    }
    if (nips.size === 0) return;
    const list = [...nips];
    const hashes = await this.store.hgetall(list.map((nip) => this.keys.employee(nip)));
    list.forEach((nip, i) => {
      const holder = this.holder(nip);
      const hash = hashes[i];
      for (const field in hash) {
        if (field.startsWith(F.placement)) {
          const p = JSON.parse(hash[field]) as StoredPlacement;
          holder.placements.set(p.factId, {
            positionId: p.positionId,
            effectiveDate: p.effectiveDate,
            seq: p.seq,
            decreeId: p.decreeId,
          });
          this.placedBy(p.decreeId, nip);
        } else if (field === F.separation) {
          holder.separation = (JSON.parse(hash[field]) as StoredSeparation).effectiveDate;
        }
      }
      holder.scores = this.scoresOf(holder);
    });
  }
}
