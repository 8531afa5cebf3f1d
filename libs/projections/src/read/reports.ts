import type { DomainConfig, EmployeeDevState, IsoDate, Roster, StaffingState } from '@asn/domain';
import {
  JP_MINIMUM,
  addDays,
  addMonths,
  daysBetween,
  employeeProfile,
  isManajerial,
  leadershipTraining,
  rosterOf,
  valueAt,
} from '@asn/domain';

/** Rows of the reports of API.md (`/reports/...`), computed from a loaded state on a date. */
export interface ReportContext {
  state: StaffingState;
  dev: Map<string, EmployeeDevState>;
  asOf: IsoDate;
  config: DomainConfig;
}

export interface PlacedHolder {
  nip: string;
  name: string;
  positionId: string;
  title: string;
  unitId: string;
}

/** Every roster (unit and all below) of the given top units, flattened. */
export function rostersBelow(state: StaffingState, unitIds: string[], asOf: IsoDate): Roster[] {
  return flattenRosters(
    unitIds.map((id) => rosterOf(state, id, asOf, Number.MAX_SAFE_INTEGER)).filter((r) => r !== undefined),
  );
}

/** Rosters expanded to every depth, and all their subunits, in preorder. */
export function flattenRosters(rosters: Roster[]): Roster[] {
  const out: Roster[] = [];
  const walk = (roster: Roster) => {
    out.push(roster);
    for (const child of roster.subunits ?? []) walk(child);
  };
  for (const roster of rosters) walk(roster);
  return out;
}

export function holdersIn(rosters: Roster[]): PlacedHolder[] {
  const seen = new Set<string>();
  const out: PlacedHolder[] = [];
  for (const roster of rosters) {
    for (const p of roster.positions) {
      for (const h of p.holders) {
        if (seen.has(h.nip)) continue;
        seen.add(h.nip);
        out.push({ nip: h.nip, name: h.name, positionId: p.id, title: p.title, unitId: roster.unit.id });
      }
    }
  }
  return out.sort((a, b) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0));
}

export function vacancies(rosters: Roster[], asOf: IsoDate) {
  return rosters.flatMap((roster) =>
    roster.positions
      .filter((p) => p.gap < 0)
      .map((p) => {
        const cover = p.acting[0];
        return {
          unitId: roster.unit.id,
          unitName: roster.unit.name,
          positionId: p.id,
          title: p.title,
          kind: p.kind,
          manajerial: isManajerial(p.kind),
          kebutuhan: p.kebutuhan,
          bezetting: p.bezetting,
          gap: p.gap,
          coveredBy: cover
            ? { nip: cover.nip, name: cover.name, role: cover.role, until: cover.until }
            : null,
          coveredForDays: cover ? daysBetween(asOf, cover.until) + 1 : 0,
        };
      }),
  );
}

export function actingExpiring(rosters: Roster[], asOf: IsoDate, days: number) {
  const limit = addDays(asOf, days);
  return rosters.flatMap((roster) =>
    roster.positions.flatMap((p) =>
      p.acting
        .filter((a) => a.until <= limit)
        .map((a) => ({
          nip: a.nip,
          name: a.name,
          role: a.role,
          positionId: p.id,
          title: p.title,
          unitId: roster.unit.id,
          from: a.from,
          until: a.until,
          daysLeft: daysBetween(asOf, a.until),
        })),
    ),
  );
}

/** Trainings a holder lacks: the post's required trainings and, for a manajerial post, its leadership training. */
export function competencyGaps(ctx: ReportContext, holders: PlacedHolder[]) {
  const rows = [];
  for (const h of holders) {
    const position = ctx.state.positions.get(h.positionId)!;
    const required = [...(valueAt(position.requiredTrainings, ctx.asOf) ?? [])];
    const leadership = leadershipTraining(position.kind);
    if (leadership && !required.includes(leadership)) required.push(leadership);
    const done = new Set((ctx.dev.get(h.nip)?.trainings ?? []).map((t) => t.code));
    const missing = required.filter((code) => !done.has(code));
    if (missing.length) rows.push({ ...h, kind: position.kind, missing });
  }
  return rows;
}

export function retiring(ctx: ReportContext, holders: PlacedHolder[], months: number) {
  const limit = addMonths(ctx.asOf, months);
  const rows = [];
  for (const h of holders) {
    const profile = employeeProfile(ctx.state, ctx.dev.get(h.nip), h.nip, ctx.asOf, ctx.config)!;
    if (profile.status === 'ACTIVE' && profile.retirementDate <= limit) {
      rows.push({ ...h, rank: profile.rank, retirementDate: profile.retirementDate });
    }
  }
  return rows.sort((a, b) =>
    a.retirementDate < b.retirementDate ? -1 : a.retirementDate > b.retirementDate ? 1 : 0,
  );
}

/** JP per employee in a calendar year; PNS and CPNS need JP_MINIMUM. */
export function trainingHours(ctx: ReportContext, holders: PlacedHolder[], year: number) {
  return holders.map((h) => {
    const employee = ctx.state.employees.get(h.nip)!;
    const hours = (ctx.dev.get(h.nip)?.trainings ?? [])
      .filter((t) => t.endDate.startsWith(String(year)))
      .reduce((s, t) => s + t.hours, 0);
    const needsMinimum = employee.kind === 'PNS' || employee.kind === 'CPNS';
    return {
      ...h,
      kind: employee.kind,
      year,
      hours,
      minimum: needsMinimum ? JP_MINIMUM : null,
      belowMinimum: needsMinimum && hours < JP_MINIMUM,
    };
  });
}

/** What the dashboard counts of one holder: each flag is the report of that one holder, non-empty or not. */
interface HolderFlags {
  trainingGap: boolean;
  belowMinimum: boolean;
  retiringSoon: boolean;
}

/**
 * The flags of each holder with what they were computed from: the employee (their name too), their
 * development facts, their post (its title and unit too), the date and the configuration. For states whose
 * entities are replaced, never changed in place, when they change (what StateLoader builds), the same
 * objects mean the same flags: the queries keep one memo.
 */
export class HolderFlagsMemo {
  private readonly entries = new WeakMap<
    object,
    { dev: unknown; position: unknown; asOf: IsoDate; config: DomainConfig; flags: HolderFlags }
  >();

  flags(ctx: ReportContext, h: PlacedHolder): HolderFlags {
    const employee = ctx.state.employees.get(h.nip)!;
    const dev = ctx.dev.get(h.nip);
    const position = ctx.state.positions.get(h.positionId);
    const known = this.entries.get(employee);
    if (
      known &&
      known.dev === dev &&
      known.position === position &&
      known.asOf === ctx.asOf &&
      known.config === ctx.config
    )
      return known.flags;
    const one = [h];
    const flags = {
      trainingGap: competencyGaps(ctx, one).length > 0,
      belowMinimum: trainingHours(ctx, one, Number(ctx.asOf.slice(0, 4)))[0].belowMinimum,
      retiringSoon: retiring(ctx, one, ctx.config.retiringSoonMonths).length > 0,
    };
    this.entries.set(employee, { dev, position, asOf: ctx.asOf, config: ctx.config, flags });
    return flags;
  }
}

/** GET /dashboard/summary over the given rosters; `memo` may hold the flags of holders from earlier calls. */
export function dashboardSummary(
  ctx: ReportContext,
  rosters: Roster[],
  tops: Roster[],
  memo = new HolderFlagsMemo(),
) {
  const holders = holdersIn(rosters);
  const flags = holders.map((h) => memo.flags(ctx, h));
  const positions = rosters.flatMap((r) => r.positions);
  const totals = tops.reduce(
    (t, r) => ({
      kebutuhan: t.kebutuhan + r.totals.kebutuhan,
      bezetting: t.bezetting + r.totals.bezetting,
      gap: t.gap + r.totals.gap,
      vacantManajerial: t.vacantManajerial + r.totals.vacantManajerial,
    }),
    { kebutuhan: 0, bezetting: 0, gap: 0, vacantManajerial: 0 },
  );
  return {
    employees: holders.length,
    positions: positions.length,
    ...totals,
    coveredByActing: positions.filter((p) => isManajerial(p.kind) && p.bezetting === 0 && p.acting.length > 0)
      .length,
    actingExpiring: actingExpiring(rosters, ctx.asOf, ctx.config.actingExpiringDays).length,
    overstaffed: positions.filter((p) => p.gap > 0).length,
    understaffed: positions.filter((p) => p.gap < 0).length,
    trainingGaps: flags.filter((f) => f.trainingGap).length,
    jpBelowMinimum: flags.filter((f) => f.belowMinimum).length,
    retiringSoon: flags.filter((f) => f.retiringSoon).length,
  };
}

/** CSV of report rows (RFC 4180 quoting; nested values as JSON, lists joined with ';'). */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const cell = (value: unknown): string => {
    const text =
      value === null || value === undefined
        ? ''
        : Array.isArray(value)
          ? value.join(';')
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n'
  );
}
