import {
  addDays,
  addMonths,
  type DecreeLine,
  type EmployeeCommand,
  type EmployeeEvent,
  type PositionKind,
  type StaffingCommand,
  type StaffingEvent,
} from '@asn/domain';
import type { EventStore } from '@asn/event-store';
import { Random } from './random';
import { SyntheticHistory } from './synthetic-history';

export interface CityOptions {
  seed: number;
  /** Top-level agencies (OPD); each has `bidangPerOpd` units below it. */
  opd: number;
  bidangPerOpd: number;
  employees: number;
  /** Rounds of mass reassignment (each moves a quarter of the staff). */
  moveRounds: number;
  trainingsPerEmployee: number;
  /** Positions of the one large unit (a hospital), for the roster latency figure. */
  bigUnitPositions: number;
  /** Events appended per transaction. */
  appendChunk?: number;
}

export interface City {
  history: SyntheticHistory;
  bigUnitId: string;
  events: number;
}

const LINES_PER_DECREE = 500;

/**
 * A large valid history quickly: a city's structure, its staff appointed by decrees of hundreds of lines,
 * rounds of mass reassignment, acting heads of vacant posts, and trainings. Every command is decided by the
 * domain (SyntheticHistory.decideOne), so the events obey the rules; events are appended in chunks.
 */
export async function generateCity(store: EventStore, options: CityOptions): Promise<City> {
  const rng = new Random(options.seed);
  const history = new SyntheticHistory({ seed: options.seed });
  const chunk = options.appendChunk ?? 2000;
  const pending = new Map<string, (StaffingEvent | EmployeeEvent)[]>();
  let events = 0;
  const flush = async (stream?: string) => {
    for (const [s, list] of pending) {
      if (stream && s !== stream) continue;
      if (list.length) await history.append(store, s, list);
      events += list.length;
      pending.delete(s);
    }
  };
  const decide = async (command: StaffingCommand | EmployeeCommand) => {
    const made = history.decideOne(command);
    if (!made) return false;
    const list = pending.get(made.stream) ?? [];
    list.push(...made.events);
    pending.set(made.stream, list);
    if (list.length >= chunk) await flush(made.stream);
    return true;
  };
  const sk = (n: number) => ({
    number: `800/${n}/2025`,
    signedOn: '2025-01-10',
    signer: { name: 'Wali Kota Semarang' },
    kind: 'SK' as const,
  });
  let decrees = 0;
  const issue = async (lines: DecreeLine[], kind: 'SK' | 'SURAT_PERINTAH' = 'SK') => {
    for (let i = 0; i < lines.length; i += LINES_PER_DECREE) {
      decrees++;
      await decide({
        type: 'IssueDecree',
        data: {
          decreeId: `SK-${decrees}`,
          decree: { ...sk(decrees), kind },
          lines: lines.slice(i, i + LINES_PER_DECREE),
        },
      });
    }
  };

  const heads: string[] = [];
  const staffPosts: string[] = [];
  const position = async (positionId: string, unitId: string, kind: PositionKind, kebutuhan: number) => {
    await decide({
      type: 'EstablishPosition',
      data: {
        positionId,
        unitId,
        title: `Jabatan ${positionId}`,
        kind,
        level: kind === 'FUNGSIONAL' ? 'AHLI_MUDA' : undefined,
        kebutuhan,
        requiredTrainings: kind === 'FUNGSIONAL' ? ['TK-1'] : [],
        effectiveDate: '2020-01-01',
      },
    });
    if (kind === 'PELAKSANA' || kind === 'FUNGSIONAL') staffPosts.push(positionId);
    else heads.push(positionId);
  };
  for (let o = 0; o < options.opd; o++) {
    const opd = `OPD${o}`;
    await decide({
      type: 'EstablishUnit',
      data: { unitId: opd, name: `Dinas ${o}`, kind: 'OPD', effectiveDate: '2020-01-01' },
    });
    await position(`${opd}-KADIS`, opd, 'JPT_PRATAMA', 1);
    await position(`${opd}-SEKRE`, opd, 'ADMINISTRATOR', 1);
    for (let b = 0; b < options.bidangPerOpd; b++) {
      const unit = `${opd}-B${b}`;
      await decide({
        type: 'EstablishUnit',
        data: {
          unitId: unit,
          name: `Bidang ${o}.${b}`,
          kind: 'BIDANG',
          parentId: opd,
          effectiveDate: '2020-01-01',
        },
      });
      await position(`${unit}-KABID`, unit, 'ADMINISTRATOR', 1);
      for (let k = 0; k < 2; k++) await position(`${unit}-KASI${k}`, unit, 'PENGAWAS', 1);
      for (let k = 0; k < 3; k++) await position(`${unit}-STAF${k}`, unit, 'PELAKSANA', 8);
      await position(`${unit}-FUNG`, unit, 'FUNGSIONAL', 6);
    }
  }
  const bigUnitId = 'RSUD';
  await decide({
    type: 'EstablishUnit',
    data: { unitId: bigUnitId, name: 'RSUD', kind: 'UPTD', effectiveDate: '2020-01-01' },
  });
  for (let p = 0; p < options.bigUnitPositions; p++) {
    await position(
      `${bigUnitId}-P${p}`,
      bigUnitId,
      p % 25 === 0 ? 'PENGAWAS' : 'PELAKSANA',
      p % 25 === 0 ? 1 : 2,
    );
  }

  const nips: string[] = [];
  for (let i = 0; i < options.employees; i++) {
    const year = 1968 + (i % 33);
    const birth = `${year}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + ((i >> 4) % 28)).padStart(2, '0')}`;
    const nip = `${birth}${year + 23}${String(1 + ((i >> 2) % 12)).padStart(2, '0')}${1 + (i % 2)}${String(1 + ((i >> 8) % 999)).padStart(3, '0')}`;
    if (
      await decide({
        type: 'RegisterEmployee',
        data: { nip, name: `Pegawai ${i}`, kind: 'PNS', rank: 'III/b', joinedOn: `${year + 23}-06-01` },
      })
    ) {
      nips.push(nip);
    }
  }

  // Heads first (one holder each), then everyone else into staff posts, the big unit's posts included.
  const placement = new Map<string, string>();
  const lines: DecreeLine[] = [];
  let next = 0;
  for (const post of heads) {
    if (next >= nips.length || rng.chance(0.15)) continue;
    lines.push({
      type: 'APPOINT',
      nip: nips[next],
      positionId: post,
      effectiveDate: addMonths('2021-01-01', rng.int(24)),
    });
    placement.set(nips[next++], post);
  }
  for (; next < nips.length; next++) {
    const post = staffPosts[next % staffPosts.length];
    lines.push({
      type: 'APPOINT',
      nip: nips[next],
      positionId: post,
      effectiveDate: addMonths('2021-01-01', rng.int(24)),
    });
    placement.set(nips[next], post);
  }
  await issue(lines);

  const staff = nips.filter((nip) => staffPosts.includes(placement.get(nip)!));
  for (let round = 0; round < options.moveRounds; round++) {
    const moves: DecreeLine[] = [];
    for (let i = round % 4; i < staff.length; i += 4) {
      moves.push({
        type: 'REASSIGN',
        nip: staff[i],
        positionId: staffPosts[rng.int(staffPosts.length)],
        moveKind: 'MUTASI',
        effectiveDate: addMonths('2023-01-01', round * 3 + rng.int(3)),
      });
    }
    await issue(moves);
  }

  const vacant = heads.filter((post) => ![...placement.values()].includes(post) && post.includes('KASI'));
  const acting: DecreeLine[] = vacant.slice(0, Math.min(vacant.length, staff.length)).map((post, i) => ({
    type: 'ACTING',
    nip: staff[i],
    positionId: post,
    role: 'PLT',
    effectiveDate: addDays('2025-05-01', rng.int(20)),
    endDate: addDays('2025-07-01', rng.int(20)),
  }));
  for (const line of acting) await issue([line], 'SURAT_PERINTAH');

  for (let t = 0; t < options.trainingsPerEmployee; t++) {
    for (const nip of nips) {
      const end = addDays('2025-05-30', -rng.int(500));
      await decide({
        type: 'CompleteTraining',
        data: {
          nip,
          code: rng.pick(['TK-1', 'TK-2', 'PKP']),
          name: 'Pelatihan',
          category: 'TEKNIS',
          provider: 'BPSDM',
          certificateNumber: `C-${t}-${nip}`,
          startDate: addDays(end, -3),
          endDate: end,
          hours: 4 + rng.int(16),
        },
      });
    }
    await flush();
  }
  await flush();
  return { history, bigUnitId, events };
}
