import type { DomainConfig, IsoDate, Roster, StaffingState, UnitRecord } from '@asn/domain';
import {
  DEFAULT_DOMAIN_CONFIG,
  actingInForce,
  actingsOn,
  addDays,
  employeeProfile,
  holderSegments,
  positionUnitOn,
  rosterOf,
  unitOpenOn,
  unitParentOn,
} from '@asn/domain';
import { controlKeys, readModelKeys, type ReadModelKeys } from '../keys';
import type { ReadModelStore } from '../store/read-model-store.port';
import {
  actingExpiring,
  competencyGaps,
  dashboardSummary,
  flattenRosters,
  holdersIn,
  HolderFlagsMemo,
  retiring,
  rostersBelow,
  trainingHours,
  vacancies,
  type ReportContext,
} from './reports';
import { RosterModel, type ModelScope } from './roster-model';
import { EntityCache, StateLoader, type LoadedState } from './state-loader';

/** An answer and the projection position it reflects (the `X-Projection-Position` header). */
export interface Answer<T> {
  position: string;
  body: T;
}

export type ReportName = 'vacancies' | 'acting-expiring' | 'competency-gaps' | 'retiring' | 'jp';

export interface ReportOptions {
  unitId?: string;
  asOf: IsoDate;
  days?: number;
  months?: number;
  year?: number;
}

export interface EmployeeListOptions {
  unitId?: string;
  q?: string;
  limit: number;
  cursor?: string;
  asOf: IsoDate;
}

/** The version readers use when no projector has set the alias yet. */
export const FIRST_VERSION = 1;

/**
 * The query side: reads the live version of the read models, assembles the entities a query touches and
 * evaluates them on the query date with the domain's own functions, so "today" is decided at query time.
 */
export class ProjectionQueries {
  private readonly control;
  private readonly cache = new Map<string, LoadedState>();
  private readonly answers = new Map<string, Answer<unknown>>();
  /** The dashboard's per-holder flags, reused while the entities they were computed from are the same. */
  private readonly holderFlags = new HolderFlagsMemo();
  /** Roster models by version, unit and date, least recently used first. */
  private readonly rosters = new Map<string, RosterModel>();
  private lastKeys: ReadModelKeys;
  /** Parsed entities reused across checkpoints while their stamps do not move (none when caching is off). */
  private readonly entities: EntityCache | undefined;

  constructor(
    private readonly store: ReadModelStore,
    readonly instansi: string,
    private readonly config: DomainConfig = DEFAULT_DOMAIN_CONFIG,
    /** Loaded states kept for reuse while the read models do not change (0: none). */
    private readonly cachedStates = 16,
  ) {
    this.control = controlKeys(instansi);
    this.lastKeys = readModelKeys(instansi, FIRST_VERSION);
    this.entities = cachedStates > 0 ? new EntityCache() : undefined;
  }

  /** The keys of the version readers should use now. */
  async liveKeys(): Promise<ReadModelKeys> {
    return (await this.live()).keys;
  }

  async checkpoint(): Promise<string> {
    return (await this.live()).checkpoint;
  }

  /** The live version and its checkpoint, in one round trip while the version stays the same. */
  private async live(): Promise<{ keys: ReadModelKeys; checkpoint: string }> {
    const guess = this.lastKeys;
    const [[alias], checkpoint] = await Promise.all([
      this.store.get([this.control.alias]),
      this.store.hget(guess.meta, 'checkpoint'),
    ]);
    const version = alias ? Number(alias) : FIRST_VERSION;
    if (version === guess.version) return { keys: guess, checkpoint: checkpoint ?? '0' };
    this.lastKeys = readModelKeys(this.instansi, version);
    return {
      keys: this.lastKeys,
      checkpoint: (await this.store.hget(this.lastKeys.meta, 'checkpoint')) ?? '0',
    };
  }

  async roster(unitId: string, asOf: IsoDate, depth: number): Promise<Answer<ReturnType<typeof rosterOf>>> {
    return this.remembered(`roster|${unitId}|${asOf}|${depth}`, async ({ keys, checkpoint }) => {
      if (!this.entities) {
        const loaded = await new StateLoader(this.store, keys).unitTree([unitId]).holdersFrom(asOf).load();
        return { position: loaded.position, body: rosterOf(loaded.state, unitId, asOf, depth) };
      }
      const model = await this.rosterModel(keys, checkpoint, asOf, { unitId });
      return { position: model.position, body: model.roster(unitId, depth) };
    });
  }

  /**
   * The roster model of the unit on the date, caught up with the read models: kept across checkpoints, so
   * after a write only what moved is read and recomputed; opened again when it cannot follow the change.
   */
  private async rosterModel(
    keys: ReadModelKeys,
    checkpoint: string,
    asOf: IsoDate,
    scope: ModelScope,
  ): Promise<RosterModel> {
    const key = `${keys.version}|${scope.unitId ?? '*'}|${scope.development ? 'dev' : ''}|${asOf}`;
    let model = this.rosters.get(key);
    this.rosters.delete(key);
    if (model && !(await model.refresh(checkpoint))) model = undefined;
    model ??= await RosterModel.open(this.store, keys, this.entities!, asOf, scope);
    this.rosters.set(key, model);
    while (this.rosters.size > this.cachedStates) this.rosters.delete(this.rosters.keys().next().value!);
    return model;
  }

  async position(positionId: string, asOf: IsoDate) {
    const loaded = await this.loader(`position:${positionId}`, (l) => l.positionNeeded(positionId, true));
    const { state } = loaded;
    const position = state.positions.get(positionId);
    if (!position) return { position: loaded.position, body: undefined };
    const unitId = positionUnitOn(position, asOf);
    // The roster of a unit holding only this post gives exactly the roster's view of it.
    const view: StaffingState = {
      ...state,
      units: new Map<string, UnitRecord>([
        [
          unitId,
          {
            unitId,
            name: '',
            kind: 'OTHER',
            parentId: null,
            establishedOn: '0000-01-01',
            version: 0,
          },
        ],
      ]),
      unitChildren: new Map(),
      unitPositions: new Map([[unitId, new Set([positionId])]]),
    };
    const current = rosterOf(view, unitId, asOf, 0)!.positions[0] ?? null;
    const name = (nip: string) => state.employees.get(nip)?.name ?? null;
    const body = {
      id: position.positionId,
      unitId,
      title: position.title,
      kind: position.kind,
      level: position.level,
      establishedOn: position.establishedOn,
      abolishedOn: position.abolishedOn,
      asOf,
      open: current !== null,
      kebutuhan: current?.kebutuhan ?? 0,
      requiredTrainings: position.requiredTrainings.filter((t) => t.from <= asOf).at(-1)?.value ?? [],
      bezetting: current?.bezetting ?? 0,
      gap: current?.gap ?? 0,
      holders: current?.holders ?? [],
      acting: current?.acting ?? [],
      history: {
        holders: holderSegments(state, positionId).map((s) => ({
          nip: s.nip,
          name: name(s.nip),
          from: s.from,
          to: s.to,
          decreeId: s.decreeId,
          endedBy: s.endedBy,
        })),
        acting: actingsOn(state, positionId).map((a) => {
          const period = actingInForce(state, a);
          return {
            nip: a.nip,
            name: name(a.nip),
            role: a.role,
            from: period.from,
            until: addDays(period.to, -1),
          };
        }),
        kebutuhan: position.kebutuhan,
      },
      version: position.version,
    };
    return { position: loaded.position, body };
  }

  async employee(nip: string, asOf: IsoDate) {
    const loaded = await this.loader(`employee:${nip}`, (l) => l.development().employeeNeeded(nip, true));
    const profile = employeeProfile(loaded.state, loaded.dev.get(nip), nip, asOf, this.config);
    const employee = loaded.state.employees.get(nip);
    const version = employee ? `${employee.version}.${loaded.dev.get(nip)?.revision ?? -1}` : undefined;
    return { position: loaded.position, body: profile, version };
  }

  async employees(options: EmployeeListOptions) {
    const { limit, cursor = '', asOf } = options;
    const q = options.q?.trim().toLowerCase() ?? '';
    const keys = await this.liveKeys();
    let nips: string[];
    if (options.unitId) {
      const loaded = await this.loader(`tree:${options.unitId}`, (l) => l.unitTree([options.unitId!]), keys);
      if (!loaded.state.units.has(options.unitId)) return { position: loaded.position, body: undefined };
      const names = new Map(
        holdersIn(rostersBelow(loaded.state, [options.unitId], asOf)).map((h) => [h.nip, h.name]),
      );
      nips = [...names.keys()].filter((nip) => nip > cursor && matches(q, nip, names.get(nip)!));
    } else if (q) {
      const [names] = await this.store.hgetall([keys.names]);
      nips = Object.keys(names)
        .filter((nip) => nip > cursor && matches(q, nip, names[nip]))
        .sort();
    } else {
      nips = await this.store.zrangeAfter(keys.employees, cursor, limit + 1);
    }
    const page = nips.slice(0, limit);
    const loaded = await this.loader(
      `employees:${page.join(',')}`,
      (l) => page.forEach((nip) => l.development().employeeNeeded(nip, true)),
      keys,
    );
    const items = page.map((nip) => {
      const p = employeeProfile(loaded.state, loaded.dev.get(nip), nip, asOf, this.config)!;
      return {
        nip: p.nip,
        name: p.name,
        kind: p.kind,
        rank: p.rank,
        status: p.status,
        position: p.position
          ? { id: p.position.id, title: p.position.title, unitId: p.position.unitId }
          : null,
        acting: p.acting.length > 0,
        redeployed: p.redeployment !== null,
      };
    });
    return {
      position: loaded.position,
      body: { items, nextCursor: nips.length > limit ? page[page.length - 1] : null },
    };
  }

  async dashboard(unitId: string | undefined, asOf: IsoDate) {
    return this.remembered(`dashboard|${unitId ?? '*'}|${asOf}`, async (live) => {
      const { position, ctx, tops, rosters } = await this.reportContext(unitId, asOf, live);
      if (!tops) return { position, body: undefined };
      const topRosters = rosters.filter((r) => tops.includes(r.unit.id));
      return { position, body: dashboardSummary(ctx, rosters, topRosters, this.holderFlags) };
    });
  }

  async report(name: ReportName, options: ReportOptions) {
    return this.remembered(`report|${name}|${JSON.stringify(options)}`, (live) =>
      this.computeReport(name, options, live),
    );
  }

  /**
   * The answer given at the same checkpoint for the same question, or a new one: while the checkpoint stays,
   * the read models are the same, and the date is part of the question.
   */
  private async remembered<T>(
    question: string,
    answer: (live: { keys: ReadModelKeys; checkpoint: string }) => Promise<Answer<T>>,
  ): Promise<Answer<T>> {
    const live = await this.live();
    if (!this.entities) return answer(live);
    const key = `${live.keys.version}|${live.checkpoint}|${question}`;
    const known = this.answers.get(key) as Answer<T> | undefined;
    if (known) return known;
    const fresh = await answer(live);
    this.answers.set(key, fresh);
    while (this.answers.size > this.cachedStates * 16) this.answers.delete(this.answers.keys().next().value!);
    return fresh;
  }

  private async computeReport(
    name: ReportName,
    options: ReportOptions,
    live: { keys: ReadModelKeys; checkpoint: string },
  ) {
    const { position, ctx, tops, rosters } = await this.reportContext(options.unitId, options.asOf, live);
    if (!tops) return { position, body: undefined };
    const holders = holdersIn(rosters);
    let rows: Record<string, unknown>[];
    switch (name) {
      case 'vacancies':
        rows = vacancies(rosters, options.asOf);
        break;
      case 'acting-expiring':
        rows = actingExpiring(rosters, options.asOf, options.days ?? this.config.actingExpiringDays);
        break;
      case 'competency-gaps':
        rows = competencyGaps(ctx, holders);
        break;
      case 'retiring':
        rows = retiring(ctx, holders, options.months ?? this.config.retiringSoonMonths);
        break;
      case 'jp':
        rows = trainingHours(ctx, holders, options.year ?? Number(options.asOf.slice(0, 4)));
        break;
    }
    return { position, body: rows };
  }

  /**
   * What a report reads: the loaded state with development facts, the top units (undefined for an unknown
   * unit) and every roster below them on the date. The holders on the date are read (and the Plt's posts
   * from their start), not everyone ever placed; from a model kept across checkpoints when caching is on.
   */
  private async reportContext(
    unitId: string | undefined,
    asOf: IsoDate,
    live: { keys: ReadModelKeys; checkpoint: string },
  ) {
    let loaded: LoadedState;
    let subtree: (id: string) => Roster | undefined;
    if (this.entities) {
      const model = await this.rosterModel(live.keys, live.checkpoint, asOf, { unitId, development: true });
      loaded = model.loaded;
      subtree = (id) => model.roster(id, Number.MAX_SAFE_INTEGER);
    } else {
      const loader = new StateLoader(this.store, live.keys);
      (unitId ? loader.unitTree([unitId]) : loader.allRoots()).development().holdersFrom(asOf);
      loaded = await loader.load();
      subtree = (id) => rosterOf(loaded.state, id, asOf, Number.MAX_SAFE_INTEGER);
    }
    const ctx: ReportContext = { state: loaded.state, dev: loaded.dev, asOf, config: this.config };
    let tops: string[] | undefined;
    if (unitId) tops = loaded.state.units.has(unitId) ? [unitId] : undefined;
    else {
      tops = [...loaded.state.units.values()]
        .filter((u) => unitParentOn(u, asOf) === null && unitOpenOn(u, asOf))
        .map((u) => u.unitId)
        .sort();
    }
    const rosters = flattenRosters((tops ?? []).map(subtree).filter((r) => r !== undefined));
    return { position: loaded.position, ctx, tops, rosters };
  }

  /**
   * Loads what `plan` names, or reuses the state loaded for the same plan at the same checkpoint: every batch
   * moves the checkpoint, so an unchanged checkpoint means unchanged read models.
   */
  private async loader(
    planKey: string,
    plan: (loader: StateLoader) => unknown,
    known?: ReadModelKeys | { keys: ReadModelKeys; checkpoint: string },
  ): Promise<LoadedState> {
    const { keys, checkpoint } =
      known === undefined
        ? await this.live()
        : 'checkpoint' in known
          ? known
          : { keys: known, checkpoint: (await this.store.hget(known.meta, 'checkpoint')) ?? '0' };
    const cacheKey = `${keys.version}|${checkpoint}|${planKey}`;
    const cached = this.cache.get(cacheKey);
    if (cached) {
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, cached);
      return cached;
    }
    const loader = new StateLoader(this.store, keys, this.entities);
    plan(loader);
    const loaded = await loader.load();
    this.cache.set(cacheKey, loaded);
    while (this.cache.size > this.cachedStates) this.cache.delete(this.cache.keys().next().value!);
    return loaded;
  }
}

const matches = (q: string, nip: string, name: string): boolean =>
  q === '' || nip.startsWith(q) || name.toLowerCase().includes(q);
