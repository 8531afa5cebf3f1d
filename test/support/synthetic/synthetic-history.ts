import {
  DEFAULT_DOMAIN_CONFIG,
  addDays,
  addMonths,
  decideEmployee,
  decideStaffing,
  employeeStream,
  evolveEmployee,
  evolveStaffing,
  initialEmployeeDevState,
  initialStaffingState,
  isManajerial,
  staffingStream,
  type DecideContext,
  type DecreeLine,
  type DecreeRef,
  type EmployeeCommand,
  type EmployeeDevState,
  type EmployeeEvent,
  type IsoDate,
  type PositionKind,
  type StaffingCommand,
  type StaffingEvent,
  type StaffingState,
} from '@asn/domain';
import type { EventStore, EventToAppend } from '@asn/event-store';
import { Random } from './random';

/** Today as the synthetic history sees it: effective dates fall on both sides of it. */
export const SYNTHETIC_TODAY: IsoDate = '2025-06-02';

export interface SyntheticOptions {
  seed: number;
  instansi?: string;
  today?: IsoDate;
}

type AnyCommand = StaffingCommand | EmployeeCommand;

const MONTH_STARTS: IsoDate[] = Array.from({ length: 48 }, (_, i) => addMonths('2023-01-01', i));
const KINDS: PositionKind[] = [
  'ADMINISTRATOR',
  'PENGAWAS',
  'PENGAWAS',
  'PELAKSANA',
  'PELAKSANA',
  'FUNGSIONAL',
];

/**
 * A generator of valid command sequences: each command is built from the current state and decided by the
 * domain, so only accepted commands produce events and the history obeys every rule. Rejected attempts are
 * simply skipped. The staffing state and each employee's development state are folded as events are made.
 */
export class SyntheticHistory {
  readonly instansi: string;
  readonly today: IsoDate;
  readonly state: StaffingState = initialStaffingState();
  readonly dev = new Map<string, EmployeeDevState>();
  private readonly rng: Random;
  private readonly ctx: DecideContext;
  /** Revision of the last event folded (decided) and appended, per stream. */
  private readonly folded = new Map<string, number>();
  private readonly appended = new Map<string, number>();
  private counter = 0;
  private readonly decreeIds: string[] = [];
  accepted = 0;
  rejected = 0;

  constructor(options: SyntheticOptions) {
    this.rng = new Random(options.seed);
    this.instansi = options.instansi ?? '3374';
    this.today = options.today ?? SYNTHETIC_TODAY;
    this.ctx = { today: this.today, now: `${this.today}T03:00:00.000Z`, config: DEFAULT_DOMAIN_CONFIG };
  }

  /** Decides one random command; returns the stream and events appended to `store`, if it was accepted. */
  async step(
    store: EventStore,
  ): Promise<{ stream: string; events: (StaffingEvent | EmployeeEvent)[] } | undefined> {
    const made = this.decideOne(this.nextCommand());
    if (!made) return undefined;
    await this.append(store, made.stream, made.events);
    return made;
  }

  /** Decides `command` against the current state (accepted events are folded in), without appending. */
  decideOne(command: AnyCommand): { stream: string; events: (StaffingEvent | EmployeeEvent)[] } | undefined {
    if (command.type === 'CompleteTraining' || command.type === 'ArrangeWork') {
      const nip = command.data.nip;
      const dev = this.dev.get(nip) ?? initialEmployeeDevState(nip);
      const decision = decideEmployee(command, dev, this.state.employees.get(nip), this.ctx);
      if (!decision.ok) return this.reject();
      const stream = employeeStream(nip);
      let revision = this.folded.get(stream) ?? -1;
      for (const event of decision.events) evolveEmployee(dev, event, ++revision);
      this.folded.set(stream, revision);
      this.dev.set(nip, dev);
      this.accepted++;
      return { stream, events: decision.events };
    }
    const decision = decideStaffing(command, this.state, this.ctx);
    if (!decision.ok) return this.reject();
    const stream = staffingStream(this.instansi);
    let revision = this.folded.get(stream) ?? -1;
    for (const event of decision.events) evolveStaffing(this.state, event, ++revision);
    this.folded.set(stream, revision);
    if (command.type === 'IssueDecree') this.decreeIds.push(command.data.decreeId);
    this.accepted++;
    return { stream, events: decision.events };
  }

  /**
   * Appends decided events to the store as the api would (metadata included), in one transaction; events of
   * several decisions on one stream may be appended together, in the order they were decided.
   */
  async append(
    store: EventStore,
    stream: string,
    events: (StaffingEvent | EmployeeEvent)[],
  ): Promise<string> {
    const expected = this.appended.get(stream) ?? -1;
    const commandId = `cmd-${++this.counter}`;
    const toAppend: EventToAppend[] = events.map((event, i) => ({
      id: `${commandId}-${i}`,
      type: event.type,
      data: event.data,
      metadata: {
        eventId: `${commandId}-${i}`,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: 'synthetic',
        recordedAt: this.ctx.now,
        schemaVersion: 1,
      },
    }));
    const result = await store.append(stream, toAppend, expected === -1 ? 'no_stream' : expected);
    this.appended.set(stream, result.nextRevision);
    return result.position;
  }

  private reject(): undefined {
    this.rejected++;
    return undefined;
  }

  /** The structure first (units, then positions), then a mix of people, placements and development. */
  nextCommand(): AnyCommand {
    const r = this.rng;
    const s = this.state;
    if (s.units.size === 0 || (s.units.size < 3 && r.chance(0.3))) return this.establishUnit();
    if (s.positions.size < 4 || r.chance(0.06)) return this.establishPosition();
    if (s.employees.size < 4 || r.chance(0.12)) return this.registerEmployee();
    const roll = r.int(100);
    if (roll < 28) return this.decree(1 + r.int(3));
    if (roll < 42) return this.actingDecree();
    if (roll < 48) return this.changeActing();
    if (roll < 54) return this.redeploy();
    if (roll < 58 && this.decreeIds.length) return this.annul();
    if (roll < 66) return this.training();
    if (roll < 70) return this.workArrangement();
    if (roll < 75) return this.promote();
    if (roll < 78) return this.absence();
    if (roll < 79) return this.discipline();
    if (roll < 81) return this.changeRequirements();
    if (roll < 82) return this.movePosition();
    if (roll < 84) return this.separate();
    if (roll < 86) return this.abolish();
    if (roll < 88) return this.establishUnit();
    if (roll < 90) return this.changeUnit();
    if (roll < 91) return this.dissolveUnit();
    return this.decree(1);
  }

  private date(): IsoDate {
    return this.rng.pick(MONTH_STARTS);
  }

  private sk(kind: 'SK' | 'SURAT_PERINTAH' = 'SK'): DecreeRef {
    return {
      number: `${kind === 'SK' ? '800' : 'SPR'}/${++this.counter}/2025`,
      signedOn: this.rng.chance(0.5) ? '2025-01-10' : addDays(this.today, -this.rng.int(30)),
      signer: { name: 'Wali Kota Semarang' },
      kind,
    };
  }

  private anyOf<T>(map: Map<string, T>): T | undefined {
    if (map.size === 0) return undefined;
    const index = this.rng.int(map.size);
    let i = 0;
    for (const value of map.values()) if (i++ === index) return value;
    return undefined;
  }

  private nip(): string {
    return this.anyOf(this.state.employees)?.nip ?? '000000000000000000';
  }

  private positionId(manajerial?: boolean): string {
    for (let tries = 0; tries < 8; tries++) {
      const p = this.anyOf(this.state.positions);
      if (!p) break;
      if (manajerial === undefined || isManajerial(p.kind) === manajerial) return p.positionId;
    }
    return this.anyOf(this.state.positions)?.positionId ?? 'none';
  }

  private establishUnit(): StaffingCommand {
    const parent =
      this.state.units.size > 0 && this.rng.chance(0.7) ? this.anyOf(this.state.units) : undefined;
    const id = `U${this.state.units.size + 1}-${this.rng.int(1000)}`;
    return {
      type: 'EstablishUnit',
      data: {
        unitId: id,
        name: `Unit ${id}`,
        kind: parent ? 'BIDANG' : 'OPD',
        parentId: parent?.unitId,
        effectiveDate: this.rng.chance(0.8) ? '2020-01-01' : this.date(),
      },
    };
  }

  /** A rename, a move (sometimes to the top level, sometimes a loop the domain refuses), or both. */
  private changeUnit(): StaffingCommand {
    const unit = this.anyOf(this.state.units)!;
    const roll = this.rng.int(3);
    const parent = this.rng.chance(0.2) ? null : (this.anyOf(this.state.units)?.unitId ?? null);
    return {
      type: 'ChangeUnit',
      data: {
        unitId: unit.unitId,
        ...(roll !== 1 && { name: `Unit ${unit.unitId} (${++this.counter})` }),
        ...(roll !== 0 && { parentId: parent }),
        effectiveDate: this.date(),
        basis: 'Perda perangkat daerah',
      },
    };
  }

  /** Mostly refused (UNIT_NOT_EMPTY) unless the unit was emptied first. */
  private dissolveUnit(): StaffingCommand {
    return {
      type: 'DissolveUnit',
      data: { unitId: this.anyOf(this.state.units)!.unitId, effectiveDate: this.date(), decree: this.sk() },
    };
  }

  private establishPosition(): StaffingCommand {
    const unit = this.anyOf(this.state.units)!;
    const kind = this.rng.pick(KINDS);
    const id = `P${this.state.positions.size + 1}-${this.rng.int(1000)}`;
    return {
      type: 'EstablishPosition',
      data: {
        positionId: id,
        unitId: unit.unitId,
        title: `Jabatan ${id}`,
        kind,
        level:
          kind === 'FUNGSIONAL' ? this.rng.pick(['AHLI_MUDA', 'AHLI_MADYA', 'TERAMPIL'] as const) : undefined,
        kebutuhan: isManajerial(kind) ? 1 : 1 + this.rng.int(4),
        requiredTrainings: this.rng.chance(0.4) ? [this.rng.pick(['TK-1', 'TK-2', 'PKP'])] : [],
        effectiveDate: this.rng.chance(0.8) ? '2020-01-01' : this.date(),
      },
    };
  }

  private registerEmployee(): StaffingCommand {
    const n = ++this.counter;
    const year = 1966 + this.rng.int(35);
    const birth = `${year}-${String(1 + this.rng.int(12)).padStart(2, '0')}-${String(1 + this.rng.int(28)).padStart(2, '0')}`;
    const cpns = `${year + 22 + this.rng.int(3)}${String(1 + this.rng.int(12)).padStart(2, '0')}`;
    const nip = `${birth.replace(/-/g, '')}${cpns}${this.rng.chance(0.5) ? 1 : 2}${String(1 + (n % 999)).padStart(3, '0')}`;
    return {
      type: 'RegisterEmployee',
      data: {
        nip,
        name: `Pegawai ${n}`,
        kind: this.rng.chance(0.85) ? 'PNS' : 'CPNS',
        rank: this.rng.pick(['II/c', 'III/a', 'III/b', 'III/c', 'III/d', 'IV/a', 'IV/b']),
        joinedOn: `${cpns.slice(0, 4)}-${cpns.slice(4)}-01`,
      },
    };
  }

  private decree(lines: number): StaffingCommand {
    const list: DecreeLine[] = [];
    for (let i = 0; i < lines; i++) {
      const nip = this.nip();
      const placed = (this.state.employees.get(nip)?.placements.length ?? 0) > 0;
      list.push(
        placed
          ? {
              type: 'REASSIGN',
              nip,
              positionId: this.positionId(),
              moveKind: this.rng.pick(['MUTASI', 'ROTASI', 'PROMOSI'] as const),
              effectiveDate: this.date(),
            }
          : { type: 'APPOINT', nip, positionId: this.positionId(), effectiveDate: this.date() },
      );
    }
    return this.issue(list, this.sk());
  }

  private actingDecree(): StaffingCommand {
    const from = this.rng.chance(0.5) ? addDays(this.today, -this.rng.int(60)) : this.date();
    return this.issue(
      [
        {
          type: 'ACTING',
          nip: this.nip(),
          positionId: this.positionId(true),
          role: this.rng.chance(0.8) ? 'PLT' : 'PLH',
          effectiveDate: from,
          endDate: addDays(addMonths(from, 1 + this.rng.int(2)), -1),
        },
      ],
      this.sk('SURAT_PERINTAH'),
    );
  }

  private changeActing(): StaffingCommand {
    const acting = this.anyOf(this.state.actings);
    if (!acting) return this.actingDecree();
    const line: DecreeLine = this.rng.chance(0.5)
      ? {
          type: 'EXTEND_ACTING',
          nip: acting.nip,
          positionId: acting.positionId,
          endDate: addMonths(acting.endDate, 1),
        }
      : {
          type: 'END_ACTING',
          nip: acting.nip,
          positionId: acting.positionId,
          effectiveDate: addDays(acting.from, 1 + this.rng.int(20)),
        };
    return this.issue([line], this.sk('SURAT_PERINTAH'));
  }

  private redeploy(): StaffingCommand {
    const from = this.date();
    return this.issue(
      [
        {
          type: 'REDEPLOY',
          nip: this.nip(),
          unitId: this.anyOf(this.state.units)!.unitId,
          effectiveDate: from,
          endDate: addMonths(from, 1 + this.rng.int(6)),
        },
      ],
      this.sk(),
    );
  }

  private issue(lines: DecreeLine[], decree: DecreeRef): StaffingCommand {
    return { type: 'IssueDecree', data: { decreeId: `D${++this.counter}`, decree, lines } };
  }

  private annul(): StaffingCommand {
    return {
      type: 'AnnulDecree',
      data: { decreeId: this.rng.pick(this.decreeIds), reason: 'keliru', decree: this.sk() },
    };
  }

  private training(): EmployeeCommand {
    const end = addDays(this.today, -this.rng.int(500));
    return {
      type: 'CompleteTraining',
      data: {
        nip: this.nip(),
        code: this.rng.pick(['TK-1', 'TK-2', 'PKP', 'PKA', 'LATSAR']),
        name: 'Pelatihan',
        category: 'TEKNIS',
        provider: 'BPSDM',
        certificateNumber: `C-${++this.counter}`,
        startDate: addDays(end, -5),
        endDate: end,
        hours: 4 + this.rng.int(30),
      },
    };
  }

  private workArrangement(): EmployeeCommand {
    return {
      type: 'ArrangeWork',
      data: {
        nip: this.nip(),
        location: this.rng.pick(['OFFICE', 'HOME'] as const),
        flexibleDays: ['FRI'],
        time: 'FIXED',
        from: this.date(),
        to: this.rng.chance(0.5) ? undefined : '2026-12-31',
        basis: 'SE 1/2025',
        approvedBy: 'Kepala Dinas',
      },
    };
  }

  private promote(): StaffingCommand {
    return {
      type: 'PromoteEmployee',
      data: {
        nip: this.nip(),
        rank: this.rng.pick(['III/d', 'IV/a', 'IV/b']),
        effectiveDate: this.date(),
        decree: this.sk(),
      },
    };
  }

  private absence(): StaffingCommand {
    const from = this.date();
    return {
      type: 'RecordAbsence',
      data: { nip: this.nip(), from, to: addDays(from, 10 + this.rng.int(80)), reason: 'cuti' },
    };
  }

  private changeRequirements(): StaffingCommand {
    return {
      type: 'ChangePositionRequirements',
      data: {
        positionId: this.positionId(),
        kebutuhan: 1 + this.rng.int(5),
        requiredTrainings: this.rng.chance(0.5) ? ['TK-2'] : undefined,
        effectiveDate: this.date(),
        basis: 'ABK 2025',
      },
    };
  }

  private discipline(): StaffingCommand {
    const from = this.date();
    return {
      type: 'RecordDiscipline',
      data: {
        nip: this.nip(),
        level: this.rng.pick(['RINGAN', 'SEDANG', 'BERAT'] as const),
        from,
        to: addDays(from, 30 + this.rng.int(300)),
        decree: this.sk(),
      },
    };
  }

  private movePosition(): StaffingCommand {
    return {
      type: 'ChangePositionRequirements',
      data: {
        positionId: this.positionId(),
        unitId: this.anyOf(this.state.units)!.unitId,
        effectiveDate: this.date(),
        basis: 'Perwal SOTK',
      },
    };
  }

  private separate(): StaffingCommand {
    return {
      type: 'SeparateEmployee',
      data: {
        nip: this.nip(),
        reason: this.rng.pick(['RESIGNATION', 'RETIREMENT'] as const),
        effectiveDate: this.date(),
        decree: this.sk(),
      },
    };
  }

  private abolish(): StaffingCommand {
    return {
      type: 'AbolishPosition',
      data: { positionId: this.positionId(), effectiveDate: this.date(), decree: this.sk() },
    };
  }
}
