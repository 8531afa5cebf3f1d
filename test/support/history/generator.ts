import {
  addDays,
  addMonths,
  isManajerial,
  PNS_RANKS,
  PPPK_GOLONGAN,
  retirementAge,
  retirementDate,
  type DecreeLine,
  type DecreeRef,
  type EmployeeCommand,
  type EmployeeKind,
  type IsoDate,
  type PositionKind,
  type StaffingCommand,
} from '@asn/domain';
import { planInstansi, type InstansiPlan, type PositionPlan } from './instansi';
import { IdentityFactory, personName } from './people';
import { Rng } from './rng';

export interface HistoryOptions {
  /** Employees at the start (and the head count that yearly intake restores). Default 15,000. */
  employees?: number;
  /** Years of history after the initial placement. Default 5. */
  years?: number;
  /** Instansi code; the staffing stream is `staffing-<instansi>`. Default 3374 (Kota Semarang). */
  instansi?: string;
  seed?: number;
  /** First year of the history (the structure is established five years earlier). Default 2019. */
  startYear?: number;
  /**
   * Mutasi rounds per year (default 2: January and July). The benchmark curve raises it to pack a long
   * history into fewer calendar years; everything else keeps its yearly rate.
   */
  mutasiRounds?: number;
  /** Leave out the employee-stream commands (trainings, work arrangements), e.g. for the staffing curve. */
  staffingOnly?: boolean;
  /**
   * Trainings completed per active employee and year (at most 12). Default 0.72, sparse: a city where every
   * ASN reaches the 20 JP a year of training does several each (the projection benchmark uses 4).
   */
  trainingsPerYear?: number;
  /** Flexible-work arrangements per active employee and year (at most 12). Default 0.024. */
  workArrangementsPerYear?: number;
  /**
   * Absences (leave, sick days) per active employee and year besides those of manajerial holders covered by
   * a Plh (at most 12). Default 0: none.
   */
  absencesPerYear?: number;
}

/** The monthly chance of a yearly rate; `fallback` (the historical default) when the rate is not given. */
const monthlyChance = (perYear: number | undefined, fallback: number): number =>
  perYear === undefined ? fallback : Math.min(1, Math.max(0, perYear / 12));

/** One command of the history, with when it was recorded (drives `ctx.today`/`now` and `recordedAt`). */
export interface HistoryCommand {
  stream: 'staffing' | 'employee';
  command: StaffingCommand | EmployeeCommand;
  recordedAt: string;
  today: IsoDate;
}

interface Emp {
  nip: string;
  kind: EmployeeKind;
  birthDate: IsoDate;
  joinedOn: IsoDate;
  rank: number;
  positionId: string | null;
  retireOn: IsoDate;
  active: boolean;
  nextPromotion: IsoDate;
  /** Absent, acting or redeployed until this day (inclusive): not moved meanwhile. */
  busyUntil: IsoDate;
  leadershipDone: boolean;
}

interface Acting {
  nip: string;
  role: 'PLT' | 'PLH';
  until: IsoDate;
  extended: boolean;
}

interface Pos {
  plan: PositionPlan;
  holders: Set<string>;
  acting: Acting | null;
}

const MANAJERIAL_ORDER: PositionKind[] = ['JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS'];
const LEADERSHIP: Partial<Record<PositionKind, string>> = {
  PENGAWAS: 'PKP',
  ADMINISTRATOR: 'PKA',
  JPT_PRATAMA: 'PKN_II',
};
const TECHNICAL = [
  ['TK-SIPD', 'Sistem Informasi Pemerintahan Daerah'],
  ['TK-PBJ', 'Pengadaan Barang dan Jasa'],
  ['TK-ARSIP', 'Kearsipan Dinamis'],
  ['TK-SAKIP', 'Akuntabilitas Kinerja'],
  ['FG-JF', 'Pelatihan Fungsional'],
  ['SK-PELAYANAN', 'Pelayanan Publik Prima'],
] as const;
/** Highest pangkat index a PNS reaches in practice, by the kind of post held. */
const RANK_CAP: Record<PositionKind, number> = {
  JPT_UTAMA: 16,
  JPT_MADYA: 15,
  JPT_PRATAMA: 15,
  ADMINISTRATOR: 13,
  PENGAWAS: 12,
  FUNGSIONAL: 14,
  PELAKSANA: 11,
};
const MAYOR: DecreeRef['signer'] = { name: 'Wali Kota Semarang' };

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const isPppk = (kind: EmployeeKind): boolean => kind === 'PPPK' || kind === 'PPPK_PARUH_WAKTU';

/**
 * A seeded, reproducible history of one instansi: structure, employees, initial placements, then month by
 * month separations and retirements, batch decrees (rotation chains, promotions into vacancies, mutasi),
 * Plt on vacancies and their extensions, absences covered by Plh, redeployments (some annulled), rank
 * promotions every April/October, yearly intake, trainings and ABK updates. It keeps its own model of
 * who holds what so that every command it emits is valid; the seed checks that by deciding each one.
 */
export class HistoryGenerator {
  readonly plan: InstansiPlan;
  private readonly rng: Rng;
  private readonly ids = new IdentityFactory();
  private readonly emps = new Map<string, Emp>();
  private readonly active = new Set<string>();
  /** Active employees in an array too, for drawing one at random. */
  private readonly activeList: string[] = [];
  private readonly activeIndex = new Map<string, number>();
  /** Active employees by retirement date (always the first of a month). */
  private readonly retiring = new Map<IsoDate, Set<string>>();
  private readonly positions = new Map<string, Pos>();
  private readonly byKind = new Map<PositionKind, Pos[]>();
  private readonly nonManajerial: Pos[] = [];
  private readonly staffByOpd = new Map<string, Pos[]>();
  private readonly puskesmas: string[];
  private readonly options: Required<
    Omit<HistoryOptions, 'trainingsPerYear' | 'workArrangementsPerYear' | 'absencesPerYear'>
  >;
  /** Monthly chances per active employee (see the yearly rates in HistoryOptions). */
  private readonly rates: { training: number; workArrangement: number; absence: number };
  private decreeSeq = 0;
  private letterSeq = 0;
  private certificateSeq = 0;
  private clock = 0;
  private today: IsoDate = '';
  private recentRedeployments: { decreeId: string; month: number }[] = [];
  /** True until the initial structure, registrations and placements have all been emitted. */
  inSetup = true;

  constructor(options: HistoryOptions = {}) {
    this.options = {
      employees: options.employees ?? 15_000,
      years: options.years ?? 5,
      instansi: options.instansi ?? '3374',
      seed: options.seed ?? 3374,
      startYear: options.startYear ?? 2019,
      mutasiRounds: Math.max(1, Math.min(12, options.mutasiRounds ?? 2)),
      staffingOnly: options.staffingOnly ?? false,
    };
    this.rates = {
      training: monthlyChance(options.trainingsPerYear, 0.06),
      workArrangement: monthlyChance(options.workArrangementsPerYear, 0.002),
      absence: monthlyChance(options.absencesPerYear, 0),
    };
    this.rng = new Rng(this.options.seed);
    this.plan = planInstansi(this.options.instansi, this.options.employees, this.rng);
    for (const plan of this.plan.positions) {
      const pos: Pos = { plan, holders: new Set(), acting: null };
      this.positions.set(plan.id, pos);
      const list = this.byKind.get(plan.kind) ?? [];
      list.push(pos);
      this.byKind.set(plan.kind, list);
      if (!isManajerial(plan.kind)) {
        this.nonManajerial.push(pos);
        const staff = this.staffByOpd.get(plan.opd) ?? [];
        staff.push(pos);
        this.staffByOpd.set(plan.opd, staff);
      }
    }
    this.puskesmas = this.plan.units.filter((u) => u.id.startsWith('pkm')).map((u) => u.id);
  }

  /** Every command of the history, in recording order. Unbounded years are fine: stop iterating. */
  *commands(): Generator<HistoryCommand> {
    const { startYear, years } = this.options;
    const start = `${pad(startYear, 4)}-01-01`;
    yield* this.setup(start);
    this.inSetup = false;
    for (let month = 1; month < years * 12 + 1; month++) yield* this.month(addMonths(start, month), month);
  }

  // ---- recording -------------------------------------------------------------------------------

  /** Commands of the month `tmt` are recorded from ten days before it, a few seconds apart. */
  private startRecording(tmt: IsoDate): void {
    this.clock = Date.parse(`${addDays(tmt, -10)}T01:00:00Z`);
  }

  private staffing(command: StaffingCommand): HistoryCommand {
    return this.record('staffing', command);
  }

  private record(
    stream: HistoryCommand['stream'],
    command: StaffingCommand | EmployeeCommand,
  ): HistoryCommand {
    this.clock += 7_000;
    const recordedAt = new Date(this.clock).toISOString();
    this.today = recordedAt.slice(0, 10);
    return { stream, command, recordedAt, today: this.today };
  }

  private sk(tmt: IsoDate): DecreeRef {
    const n = ++this.decreeSeq;
    // One decree in twenty is signed after its TMT (retroactive), as happens in practice.
    const signedOn = this.rng.chance(0.05)
      ? addDays(tmt, this.rng.int(3, 9))
      : addDays(tmt, -this.rng.int(10, 25));
    return { number: `800/${pad(n, 5)}/${tmt.slice(0, 4)}`, signedOn, signer: MAYOR, kind: 'SK' };
  }

  private letter(tmt: IsoDate): DecreeRef {
    const n = ++this.letterSeq;
    return {
      number: `800.1.3/SPR-${pad(n, 5)}/${tmt.slice(0, 4)}`,
      signedOn: addDays(tmt, -this.rng.int(1, 5)),
      signer: { name: 'Sekretaris Daerah Kota Semarang' },
      kind: 'SURAT_PERINTAH',
    };
  }

  private decree(ref: DecreeRef, lines: DecreeLine[]): HistoryCommand {
    return this.staffing({
      type: 'IssueDecree',
      data: { decreeId: `sk-${this.decreeSeq + this.letterSeq}-${lines.length}`, decree: ref, lines },
    });
  }

  /** Splits groups of lines (a rotation chain is one group) into decrees of 10–350 lines. */
  private *decrees(tmt: IsoDate, groups: DecreeLine[][], letter = false): Generator<HistoryCommand> {
    let lines: DecreeLine[] = [];
    let size = this.rng.int(10, 350);
    for (const group of groups) {
      lines.push(...group);
      if (lines.length >= size) {
        yield this.decree(letter ? this.letter(tmt) : this.sk(tmt), lines);
        lines = [];
        size = this.rng.int(10, 350);
      }
    }
    if (lines.length > 0) yield this.decree(letter ? this.letter(tmt) : this.sk(tmt), lines);
  }

  // ---- set-up ----------------------------------------------------------------------------------

  private *setup(start: IsoDate): Generator<HistoryCommand> {
    this.startRecording(start);
    const established = `${pad(Number(start.slice(0, 4)) - 5, 4)}-01-01`;
    for (const u of this.plan.units) {
      yield this.staffing({
        type: 'EstablishUnit',
        data: { unitId: u.id, name: u.name, kind: u.kind, parentId: u.parentId, effectiveDate: established },
      });
    }
    for (const p of this.plan.positions) {
      yield this.staffing({
        type: 'EstablishPosition',
        data: {
          positionId: p.id,
          unitId: p.unitId,
          title: p.title,
          kind: p.kind,
          level: p.level,
          kebutuhan: p.kebutuhan,
          requiredTrainings: LEADERSHIP[p.kind] ? [LEADERSHIP[p.kind] as string] : [],
          effectiveDate: established,
        },
      });
    }
    const startYear = Number(start.slice(0, 4));
    const people: Emp[] = [];
    for (let i = 0; i < this.options.employees; i++) {
      const age = this.rng.int(23, 56);
      const birthDate = this.ids.birthDate(this.rng, startYear - age - 1);
      const sex = this.rng.chance(0.52) ? 'F' : 'M';
      const pppk = this.rng.chance(0.1);
      const entryAge = this.rng.int(22, Math.min(35, age));
      const entryYear = Number(birthDate.slice(0, 4)) + entryAge;
      const joinedOn = `${pad(Math.min(entryYear, startYear - 1), 4)}-${pad(this.rng.int(1, 12))}-01`;
      const service = startYear - Number(joinedOn.slice(0, 4));
      const kind: EmployeeKind = pppk ? 'PPPK' : service < 1 ? 'CPNS' : 'PNS';
      const nip = pppk
        ? this.ids.niPppk(birthDate, Number(joinedOn.slice(0, 4)), sex)
        : this.ids.nip(birthDate, joinedOn.slice(0, 7), sex);
      const entryRank = this.rng.chance(0.6) ? 8 : 4;
      const rank = pppk ? this.rng.pick([4, 6, 8]) : Math.min(entryRank + Math.floor(service / 4), 15);
      people.push({
        nip,
        kind,
        birthDate,
        joinedOn,
        rank,
        positionId: null,
        retireOn: '',
        active: true,
        nextPromotion: `${pad(startYear + this.rng.int(0, 3), 4)}-${this.rng.chance(0.5) ? '04' : '10'}-01`,
        busyUntil: '0000-00-00',
        leadershipDone: this.rng.chance(0.7),
      });
    }
    for (const e of people) {
      this.emps.set(e.nip, e);
      this.activate(e.nip);
      yield this.staffing({
        type: 'RegisterEmployee',
        data: {
          nip: e.nip,
          name: personName(this.rng),
          kind: e.kind,
          rank: this.rankName(e),
          joinedOn: e.joinedOn,
        },
      });
    }
    // Senior PNS into manajerial posts (92% filled), everyone else into nonmanajerial posts by kebutuhan.
    const seniors = people.filter((e) => !isPppk(e.kind)).sort((a, b) => b.rank - a.rank);
    let next = 0;
    const assignments: [Emp, Pos][] = [];
    for (const kind of MANAJERIAL_ORDER) {
      for (const pos of this.byKind.get(kind) ?? []) {
        if (!this.rng.chance(0.92)) continue;
        while (next < seniors.length && !this.canHold(seniors[next], pos, start)) next++;
        if (next >= seniors.length) break;
        assignments.push([seniors[next], pos]);
        seniors[next].positionId = pos.plan.id;
        next++;
      }
    }
    const slots: Pos[] = [];
    for (const pos of this.nonManajerial) for (let k = 0; k < pos.plan.kebutuhan; k++) slots.push(pos);
    this.rng.shuffle(slots);
    let slot = 0;
    for (const e of people) {
      if (e.positionId !== null) continue;
      while (slot < slots.length && !this.canHold(e, slots[slot], start)) slot++;
      const pos = slot < slots.length ? slots[slot++] : this.rng.pick(this.nonManajerial);
      e.positionId = pos.plan.id;
      assignments.push([e, pos]);
    }
    const byOpd = new Map<string, DecreeLine[][]>();
    for (const [e, pos] of assignments) {
      this.place(e, pos);
      const groups = byOpd.get(pos.plan.opd) ?? [];
      groups.push([{ type: 'APPOINT', nip: e.nip, positionId: pos.plan.id, effectiveDate: start }]);
      byOpd.set(pos.plan.opd, groups);
    }
    this.startRecording(start);
    for (const groups of byOpd.values()) yield* this.decrees(start, groups);
  }

  private rankName(e: Emp): string {
    return isPppk(e.kind) ? PPPK_GOLONGAN[e.rank] : PNS_RANKS[e.rank];
  }

  private retirementIn(e: Emp, pos: Pos): IsoDate {
    return retirementDate(e.birthDate, retirementAge(pos.plan.kind, pos.plan.level ?? null));
  }

  /** Whether `e` may be placed in `pos` at `tmt` with a year to spare before retirement. */
  private canHold(e: Emp, pos: Pos, tmt: IsoDate): boolean {
    return this.retirementIn(e, pos) > addMonths(tmt, 12);
  }

  private activate(nip: string): void {
    this.active.add(nip);
    this.activeIndex.set(nip, this.activeList.length);
    this.activeList.push(nip);
  }

  private deactivate(e: Emp): void {
    this.active.delete(e.nip);
    this.retiring.get(e.retireOn)?.delete(e.nip);
    const i = this.activeIndex.get(e.nip) as number;
    const last = this.activeList.pop() as string;
    if (last !== e.nip) {
      this.activeList[i] = last;
      this.activeIndex.set(last, i);
    }
    this.activeIndex.delete(e.nip);
  }

  private place(e: Emp, pos: Pos): void {
    if (e.positionId !== null) this.positions.get(e.positionId)?.holders.delete(e.nip);
    e.positionId = pos.plan.id;
    pos.holders.add(e.nip);
    this.retiring.get(e.retireOn)?.delete(e.nip);
    e.retireOn = this.retirementIn(e, pos);
    const bucket = this.retiring.get(e.retireOn) ?? new Set<string>();
    bucket.add(e.nip);
    this.retiring.set(e.retireOn, bucket);
    if (pos.acting?.role === 'PLT') pos.acting = null; // a Plt ends when a definitive holder arrives
  }

  private free(e: Emp, tmt: IsoDate): boolean {
    return e.active && e.busyUntil < tmt && e.positionId !== null;
  }

  /** The first day of the month the generator is in (after `commands()` has yielded some). */
  get currentMonth(): IsoDate {
    return `${this.today.slice(0, 7)}-01`;
  }

  /** The last recording date, for `ctx.today` of probe commands. */
  get recordingDay(): IsoDate {
    return this.today;
  }

  /**
   * Single commands an HR officer would send at `tmt`, valid against the current model and independent
   * of each other (one employee each), without changing the model: for measuring command latency.
   * A mix of one-line mutasi decrees (40%), rank promotions (30%), absences (20%) and 20-line decrees.
   */
  probeCommands(count: number, tmt: IsoDate): StaffingCommand[] {
    const used = new Set<string>();
    const out: StaffingCommand[] = [];
    const staff = this.nonManajerial.filter((p) => p.holders.size > 0);
    const pickFree = (): Emp | undefined => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const pos = this.rng.pick(staff);
        const e = this.emps.get(this.rng.pick([...pos.holders]));
        if (e && this.free(e, tmt) && !used.has(e.nip) && e.retireOn > addMonths(tmt, 14)) {
          used.add(e.nip);
          return e;
        }
      }
      return undefined;
    };
    const move = (e: Emp): DecreeLine | undefined => {
      const from = this.positions.get(e.positionId as string) as Pos;
      const to = this.positionWithGap(from.plan.kind, from.plan.level, tmt, e) ?? from;
      if (to === from) return undefined;
      return { type: 'REASSIGN', nip: e.nip, positionId: to.plan.id, moveKind: 'MUTASI', effectiveDate: tmt };
    };
    let probe = 0;
    while (out.length < count && probe < count * 5) {
      const slot = probe++ % 10;
      const seq = ++this.decreeSeq;
      const ref: DecreeRef = {
        number: `800/PROBE-${seq}/${tmt.slice(0, 4)}`,
        signedOn: addDays(tmt, -10),
        signer: MAYOR,
        kind: 'SK',
      };
      if (slot < 4 || slot === 9) {
        const lines: DecreeLine[] = [];
        for (let i = 0; i < (slot === 9 ? 20 : 1); i++) {
          const e = pickFree();
          const line = e && move(e);
          if (line) lines.push(line);
        }
        if (lines.length > 0)
          out.push({ type: 'IssueDecree', data: { decreeId: `probe-${seq}`, decree: ref, lines } });
      } else if (slot < 7) {
        const e = pickFree();
        if (!e || isPppk(e.kind) || e.rank >= 15) continue;
        out.push({
          type: 'PromoteEmployee',
          data: { nip: e.nip, rank: PNS_RANKS[e.rank + 1], effectiveDate: tmt, decree: ref },
        });
      } else {
        const e = pickFree();
        if (!e) continue;
        out.push({
          type: 'RecordAbsence',
          data: { nip: e.nip, from: addDays(tmt, 3), to: addDays(tmt, 9), reason: 'Cuti tahunan' },
        });
      }
    }
    return out;
  }

  // ---- one month -------------------------------------------------------------------------------

  private *month(tmt: IsoDate, index: number): Generator<HistoryCommand> {
    this.startRecording(tmt);
    const month = Number(tmt.slice(5, 7));
    yield* this.separations(tmt);
    yield* this.actingMaintenance(tmt);
    if ((month - 1) % Math.floor(12 / this.options.mutasiRounds) === 0) yield* this.mutasi(tmt);
    if (month === 3) yield* this.intake(tmt);
    if (month === 4 || month === 10) yield* this.promotions(tmt);
    if (month === 1) yield* this.abk(tmt);
    yield* this.plt(tmt);
    yield* this.absencesAndPlh(tmt);
    // Only when asked for: drawing nothing leaves the default history exactly as it was.
    if (this.rates.absence > 0) yield* this.staffAbsences(tmt);
    if (month === 5 || month === 11) yield* this.redeployments(tmt, index);
    yield* this.annulments(tmt, index);
    if (this.options.staffingOnly) return;
    yield* this.trainings(tmt);
    yield* this.workArrangements(tmt);
  }

  /** Retirements fall due on their date; a few others resign, die or move away (~0.5% a year). */
  private *separations(tmt: IsoDate): Generator<HistoryCommand> {
    const leaving: [Emp, 'RETIREMENT' | 'RESIGNATION' | 'DEATH' | 'TRANSFER_OUT'][] = [];
    for (const nip of this.retiring.get(tmt) ?? []) leaving.push([this.emps.get(nip) as Emp, 'RETIREMENT']);
    this.retiring.delete(tmt);
    const expected = this.active.size * 0.0004;
    const others = Math.floor(expected) + (this.rng.chance(expected % 1) ? 1 : 0);
    for (let k = 0; k < others && this.activeList.length > 0; k++) {
      const e = this.emps.get(this.rng.pick(this.activeList)) as Emp;
      if (e.busyUntil >= tmt || leaving.some(([l]) => l === e)) continue;
      leaving.push([e, this.rng.pick(['RESIGNATION', 'DEATH', 'TRANSFER_OUT'] as const)]);
    }
    for (const [e, reason] of leaving) {
      const effectiveDate = reason === 'RETIREMENT' ? e.retireOn : tmt;
      this.deactivate(e);
      e.active = false;
      if (e.positionId !== null) this.positions.get(e.positionId)?.holders.delete(e.nip);
      yield this.staffing({
        type: 'SeparateEmployee',
        data: { nip: e.nip, reason, effectiveDate, decree: this.sk(effectiveDate) },
      });
    }
  }

  /** Expired acting ends by itself; a Plt about to expire on a still-vacant post is extended once. */
  private *actingMaintenance(tmt: IsoDate): Generator<HistoryCommand> {
    const extensions: DecreeLine[][] = [];
    const monthEnd = addDays(addMonths(tmt, 1), -1);
    for (const kind of MANAJERIAL_ORDER) {
      for (const pos of this.byKind.get(kind) ?? []) {
        const acting = pos.acting;
        if (!acting) continue;
        if (acting.until < tmt) {
          pos.acting = null;
          continue;
        }
        const actor = this.emps.get(acting.nip) as Emp;
        if (
          acting.role === 'PLT' &&
          !acting.extended &&
          acting.until <= monthEnd &&
          actor.active &&
          pos.holders.size === 0
        ) {
          const endDate = addMonths(acting.until, 3);
          if (endDate >= actor.retireOn) continue;
          extensions.push([{ type: 'EXTEND_ACTING', nip: acting.nip, positionId: pos.plan.id, endDate }]);
          acting.until = endDate;
          acting.extended = true;
          actor.busyUntil = endDate;
        }
      }
    }
    if (extensions.length > 0) yield* this.decrees(tmt, extensions, true);
  }

  /** January and July: vacancies filled by promotion (top-down), rotation chains, and mutasi of staff. */
  private *mutasi(tmt: IsoDate): Generator<HistoryCommand> {
    const promotions: DecreeLine[][] = [];
    const groups: DecreeLine[][] = [];
    const moved = new Set<string>();
    const movable = (e: Emp | undefined): e is Emp =>
      e !== undefined && this.free(e, tmt) && !moved.has(e.nip);
    const reassign = (e: Emp, pos: Pos, moveKind: 'MUTASI' | 'ROTASI' | 'PROMOSI'): DecreeLine => ({
      type: 'REASSIGN',
      nip: e.nip,
      positionId: pos.plan.id,
      moveKind,
      effectiveDate: tmt,
    });

    // Promotions into vacant manajerial posts; the promoted holder's post is then filled from below.
    for (const [k, kind] of MANAJERIAL_ORDER.entries()) {
      const below = MANAJERIAL_ORDER[k + 1];
      for (const pos of this.byKind.get(kind) ?? []) {
        if (pos.holders.size > 0 || !this.rng.chance(0.75)) continue;
        if (pos.acting?.role === 'PLH') continue;
        const candidate = this.candidateFor(pos, below, tmt, movable);
        if (!candidate) continue;
        moved.add(candidate.nip);
        promotions.push([reassign(candidate, pos, 'PROMOSI')]);
        this.place(candidate, pos);
        candidate.leadershipDone = false;
      }
    }
    // Rotation chains of 3-5 manajerial holders of one kind: A takes B's post, B takes C's, C takes A's.
    for (const kind of ['ADMINISTRATOR', 'PENGAWAS'] as const) {
      const pool = (this.byKind.get(kind) ?? []).filter((p) => !p.acting && p.holders.size === 1);
      this.rng.shuffle(pool);
      const chains = Math.floor(pool.length * 0.04);
      let at = 0;
      for (let c = 0; c < chains; c++) {
        const length = this.rng.int(3, 5);
        const chain: [Emp, Pos][] = [];
        while (chain.length < length && at < pool.length) {
          const pos = pool[at++];
          const holder = this.emps.get([...pos.holders][0]);
          if (movable(holder)) chain.push([holder, pos]);
        }
        if (chain.length < 3) break;
        const lines = chain.map(([e], i) => reassign(e, chain[(i + 1) % chain.length][1], 'ROTASI'));
        for (const [i, [e]] of chain.entries()) {
          moved.add(e.nip);
          this.place(e, chain[(i + 1) % chain.length][1]);
        }
        groups.push(lines);
      }
    }
    // Mutasi of ~7% of nonmanajerial staff to posts of the same kind with a gap.
    const staffMoves = Math.floor(this.active.size * 0.07);
    for (let m = 0; m < staffMoves; m++) {
      const from = this.rng.pick(this.nonManajerial);
      if (from.holders.size === 0) continue;
      const e = this.emps.get(this.rng.pick([...from.holders]));
      if (!movable(e)) continue;
      const to = this.positionWithGap(from.plan.kind, from.plan.level, tmt, e);
      if (!to || to === from) continue;
      moved.add(e.nip);
      groups.push([reassign(e, to, 'MUTASI')]);
      this.place(e, to);
    }
    // Promotions chain top-down through vacated posts, so they keep their order (a post is left before it
    // is filled); rotations and mutasi follow in any order.
    yield* this.decrees(tmt, [...promotions, ...this.rng.shuffle(groups)]);
  }

  private candidateFor(
    pos: Pos,
    below: PositionKind | undefined,
    tmt: IsoDate,
    movable: (e: Emp | undefined) => e is Emp,
  ): Emp | undefined {
    for (let attempt = 0; attempt < 30; attempt++) {
      const source = below ? this.rng.pick(this.byKind.get(below) ?? []) : this.rng.pick(this.nonManajerial);
      if (!source || source.holders.size === 0 || source.acting) continue;
      const e = this.emps.get(this.rng.pick([...source.holders]));
      if (!movable(e) || isPppk(e.kind) || e.rank < 9 || !this.canHold(e, pos, tmt)) continue;
      return e;
    }
    return undefined;
  }

  private positionWithGap(
    kind: PositionKind,
    level: string | undefined,
    tmt: IsoDate,
    e: Emp,
  ): Pos | undefined {
    for (let attempt = 0; attempt < 20; attempt++) {
      const pos = this.rng.pick(this.nonManajerial);
      if (pos.plan.kind !== kind || pos.plan.level !== level) continue;
      if (pos.holders.size < pos.plan.kebutuhan && this.canHold(e, pos, tmt)) return pos;
    }
    return undefined;
  }

  /** March: CPNS and PPPK intake restores the head count, appointed to the posts with the largest gaps. */
  private *intake(tmt: IsoDate): Generator<HistoryCommand> {
    const count = this.options.employees - this.active.size;
    if (count <= 0) return;
    const year = Number(tmt.slice(0, 4));
    const joinedOn = addMonths(tmt, -2);
    const lines: DecreeLine[][] = [];
    const gaps = this.nonManajerial
      .filter((p) => p.holders.size < p.plan.kebutuhan)
      .sort((a, b) => b.plan.kebutuhan - b.holders.size - (a.plan.kebutuhan - a.holders.size));
    for (let i = 0; i < count; i++) {
      const pppk = this.rng.chance(0.35);
      const birthDate = this.ids.birthDate(this.rng, year - this.rng.int(23, 34));
      const sex = this.rng.chance(0.55) ? 'F' : 'M';
      const kind: EmployeeKind = pppk ? 'PPPK' : 'CPNS';
      const nip = pppk
        ? this.ids.niPppk(birthDate, year, sex)
        : this.ids.nip(birthDate, joinedOn.slice(0, 7), sex);
      const e: Emp = {
        nip,
        kind,
        birthDate,
        joinedOn,
        rank: pppk ? this.rng.pick([4, 6, 8]) : this.rng.chance(0.7) ? 8 : 4,
        positionId: null,
        retireOn: '',
        active: true,
        nextPromotion: `${pad(year + 4, 4)}-04-01`,
        busyUntil: '0000-00-00',
        leadershipDone: false,
      };
      this.emps.set(nip, e);
      this.activate(nip);
      yield this.staffing({
        type: 'RegisterEmployee',
        data: { nip, name: personName(this.rng), kind, rank: this.rankName(e), joinedOn },
      });
      const pos = gaps.length > 0 ? gaps[i % gaps.length] : this.rng.pick(this.nonManajerial);
      this.place(e, pos);
      lines.push([{ type: 'APPOINT', nip, positionId: pos.plan.id, effectiveDate: tmt }]);
    }
    yield* this.decrees(tmt, lines);
  }

  /** April and October: kenaikan pangkat, every four years up to the usual cap of the post held. */
  private *promotions(tmt: IsoDate): Generator<HistoryCommand> {
    for (const nip of this.active) {
      const e = this.emps.get(nip) as Emp;
      if (isPppk(e.kind) || e.nextPromotion > tmt || e.positionId === null) continue;
      e.nextPromotion = addMonths(tmt, 48);
      const pos = this.positions.get(e.positionId) as Pos;
      if (e.rank >= RANK_CAP[pos.plan.kind]) continue;
      e.rank++;
      yield this.staffing({
        type: 'PromoteEmployee',
        data: { nip, rank: this.rankName(e), effectiveDate: tmt, decree: this.sk(tmt) },
      });
    }
  }

  /** January: the yearly Anjab/ABK review changes the kebutuhan of a few posts. */
  private *abk(tmt: IsoDate): Generator<HistoryCommand> {
    for (const pos of this.nonManajerial) {
      if (!this.rng.chance(0.03)) continue;
      pos.plan.kebutuhan = Math.max(1, pos.plan.kebutuhan + this.rng.int(-2, 2));
      yield this.staffing({
        type: 'ChangePositionRequirements',
        data: {
          positionId: pos.plan.id,
          kebutuhan: pos.plan.kebutuhan,
          effectiveDate: tmt,
          basis: `ABK ${tmt.slice(0, 4)}`,
        },
      });
    }
  }

  /** Vacant manajerial posts get a Plt for three months (surat perintah), from the level below or the same. */
  private *plt(tmt: IsoDate): Generator<HistoryCommand> {
    const groups: DecreeLine[][] = [];
    for (const [k, kind] of MANAJERIAL_ORDER.entries()) {
      for (const pos of this.byKind.get(kind) ?? []) {
        if (pos.holders.size > 0 || pos.acting || !this.rng.chance(0.6)) continue;
        const actor = this.actorFor(pos, MANAJERIAL_ORDER[k + 1], tmt);
        if (!actor) continue;
        const endDate = addDays(addMonths(tmt, 3), -1);
        pos.acting = { nip: actor.nip, role: 'PLT', until: endDate, extended: false };
        actor.busyUntil = endDate;
        groups.push([
          {
            type: 'ACTING',
            nip: actor.nip,
            positionId: pos.plan.id,
            role: 'PLT',
            effectiveDate: tmt,
            endDate,
          },
        ]);
      }
    }
    if (groups.length > 0) yield* this.decrees(tmt, groups, true);
  }

  /** Someone who may act in `pos`: a holder of the level below (or any staff for a Pengawas post). */
  private actorFor(pos: Pos, below: PositionKind | undefined, from: IsoDate): Emp | undefined {
    for (let attempt = 0; attempt < 30; attempt++) {
      const source = below
        ? this.rng.pick(this.byKind.get(below) ?? [])
        : this.rng.pick(this.staffByOpd.get(pos.plan.opd) ?? this.nonManajerial);
      if (!source || source.holders.size === 0 || source === pos) continue;
      const e = this.emps.get(this.rng.pick([...source.holders]));
      if (!e || !this.free(e, from) || e.retireOn <= addMonths(from, 9)) continue;
      return e;
    }
    return undefined;
  }

  /** A few manajerial holders a month are absent (leave, official travel); a Plh covers the post. */
  private *absencesAndPlh(tmt: IsoDate): Generator<HistoryCommand> {
    const groups: DecreeLine[][] = [];
    for (const [k, kind] of MANAJERIAL_ORDER.entries()) {
      for (const pos of this.byKind.get(kind) ?? []) {
        if (pos.holders.size !== 1 || pos.acting || !this.rng.chance(0.02)) continue;
        const holder = this.emps.get([...pos.holders][0]) as Emp;
        if (!this.free(holder, tmt) || holder.retireOn <= addMonths(tmt, 3)) continue;
        const from = addDays(tmt, this.rng.int(0, 10));
        const to = addDays(from, this.rng.int(5, 20));
        const actor = this.actorFor(pos, MANAJERIAL_ORDER[k + 1], from);
        if (!actor || actor === holder) continue;
        holder.busyUntil = to;
        actor.busyUntil = to;
        pos.acting = { nip: actor.nip, role: 'PLH', until: to, extended: false };
        yield this.staffing({
          type: 'RecordAbsence',
          data: {
            nip: holder.nip,
            from,
            to,
            reason: this.rng.pick(['Cuti tahunan', 'Dinas luar', 'Diklat', 'Cuti sakit']),
          },
        });
        groups.push([
          {
            type: 'ACTING',
            nip: actor.nip,
            positionId: pos.plan.id,
            role: 'PLH',
            effectiveDate: from,
            endDate: to,
          },
        ]);
      }
    }
    if (groups.length > 0) yield* this.decrees(tmt, groups, true);
  }

  /**
   * Leave and sick days of any active employee (1-5 days within the month, no Plh): the bulk of a real
   * city's absences. Not marked busy: a short leave does not hold up a decree.
   */
  private *staffAbsences(tmt: IsoDate): Generator<HistoryCommand> {
    for (const nip of this.active) {
      if (!this.rng.chance(this.rates.absence)) continue;
      const from = addDays(tmt, this.rng.int(0, 22));
      yield this.staffing({
        type: 'RecordAbsence',
        data: {
          nip,
          from,
          to: addDays(from, this.rng.int(0, 4)),
          reason: this.rng.pick(['Cuti tahunan', 'Cuti sakit', 'Izin', 'Cuti alasan penting']),
        },
      });
    }
  }

  /** May and November: staff redeployed to puskesmas for 3-6 months (penugasan sementara). */
  private *redeployments(tmt: IsoDate, index: number): Generator<HistoryCommand> {
    const count = this.rng.int(10, 100);
    const lines: DecreeLine[] = [];
    for (let i = 0; i < count * 3 && lines.length < count; i++) {
      const pos = this.rng.pick(this.byKind.get('PELAKSANA') ?? []);
      if (pos.holders.size === 0) continue;
      const e = this.emps.get(this.rng.pick([...pos.holders]));
      if (!e || !this.free(e, tmt) || e.retireOn <= addMonths(tmt, 8)) continue;
      const endDate = addMonths(tmt, this.rng.int(3, 6));
      e.busyUntil = endDate;
      lines.push({
        type: 'REDEPLOY',
        nip: e.nip,
        unitId: this.rng.pick(this.puskesmas),
        effectiveDate: tmt,
        endDate,
      });
    }
    if (lines.length === 0) return;
    const command = this.decree(this.sk(tmt), lines);
    if (this.rng.chance(0.2)) {
      this.recentRedeployments.push({
        decreeId: (command.command as { data: { decreeId: string } }).data.decreeId,
        month: index,
      });
    }
    yield command;
  }

  /** A redeployment decree found wrong is annulled the month after (the people stay at their home post). */
  private *annulments(tmt: IsoDate, index: number): Generator<HistoryCommand> {
    const due = this.recentRedeployments.filter((r) => r.month === index - 1);
    this.recentRedeployments = this.recentRedeployments.filter(
      (r) => r.month >= index - 1 && !due.includes(r),
    );
    for (const r of due) {
      yield this.staffing({
        type: 'AnnulDecree',
        data: {
          decreeId: r.decreeId,
          reason: 'Penugasan tidak sesuai kebutuhan layanan',
          decree: this.sk(tmt),
        },
      });
    }
  }

  /** About 6% of staff finish a training each month; new manajerial holders take their leadership course. */
  private *trainings(tmt: IsoDate): Generator<HistoryCommand> {
    for (const nip of this.active) {
      if (!this.rng.chance(this.rates.training)) continue;
      const e = this.emps.get(nip) as Emp;
      const pos = e.positionId ? this.positions.get(e.positionId) : undefined;
      const leadership = pos ? LEADERSHIP[pos.plan.kind] : undefined;
      const startDate = addDays(tmt, -this.rng.int(20, 40));
      let code: string;
      let name: string;
      let category: 'MANAJERIAL' | 'TEKNIS' | 'FUNGSIONAL' | 'SOSIAL_KULTURAL';
      let hours: number;
      if (leadership && !e.leadershipDone) {
        [code, name, category, hours] = [
          leadership,
          `Pelatihan Kepemimpinan ${leadership}`,
          'MANAJERIAL',
          40,
        ];
        e.leadershipDone = true;
      } else {
        const [c, n] = this.rng.pick(TECHNICAL);
        [code, name, category, hours] = [
          c,
          n,
          c.startsWith('FG') ? 'FUNGSIONAL' : c.startsWith('SK') ? 'SOSIAL_KULTURAL' : 'TEKNIS',
          this.rng.int(8, 32),
        ];
      }
      yield this.record('employee', {
        type: 'CompleteTraining',
        data: {
          nip,
          code,
          name,
          category,
          provider: this.rng.pick(['BKPP Kota Semarang', 'BPSDMD Jawa Tengah', 'LAN RI', 'Kemendagri']),
          certificateNumber: `CERT/${tmt.slice(0, 4)}/${pad(++this.certificateSeq, 7)}`,
          startDate,
          endDate: addDays(startDate, this.rng.int(1, 5)),
          hours,
        },
      });
    }
  }

  private *workArrangements(tmt: IsoDate): Generator<HistoryCommand> {
    for (const nip of this.active) {
      if (!this.rng.chance(this.rates.workArrangement)) continue;
      const e = this.emps.get(nip) as Emp;
      if (addMonths(e.joinedOn, 13) > tmt) continue;
      yield this.record('employee', {
        type: 'ArrangeWork',
        data: {
          nip,
          location: this.rng.pick(['HOME', 'OTHER_OFFICE'] as const),
          flexibleDays: this.rng.chance(0.5) ? ['FRI'] : ['MON', 'FRI'],
          time: 'FIXED',
          from: tmt,
          to: addMonths(tmt, 6),
          basis: 'PermenPANRB 4/2025',
          approvedBy: 'Kepala BKPP',
        },
      });
    }
  }
}
