import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_DOMAIN_CONFIG,
  decideStaffing,
  evolveStaffing,
  snapshotOf,
  staffingStream,
  stateFromSnapshot,
  type StaffingCommand,
  type StaffingEvent,
  type StaffingState,
} from '@asn/domain';
import { MemoryEventStore } from '@asn/event-store';
import { holderSegmentsFrom } from '../../domain/src/timeline';
import { seedHistory } from '../../../test/support/history/seed';
import { DeferredSet } from './lazy-map';
import { foldEvents, loadState, SnapshotPolicy, warmUp } from './load-state';
import { encodeSnapshot, SqliteSnapshotStore } from './snapshot-store';
import { normalised } from './normalised.spec-helper';

describe('staffing snapshots', () => {
  const stream = staffingStream('3374');
  let dir: string;
  let store: MemoryEventStore;
  let replayed: StaffingState;

  beforeAll(async () => {
    store = new MemoryEventStore();
    replayed = (await seedHistory(store, { employees: 800, years: 2, seed: 7 })).state;
  }, 120_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'asn-snapshots-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a state loaded from a snapshot and caught up equals the state replayed from the whole stream', async () => {
    const file = join(dir, 'snapshots.sqlite');
    const first = new SqliteSnapshotStore(file);
    const built = await loadState(store, stream, first, { policy: new SnapshotPolicy(1_000), pageSize: 700 });
    expect(built.saved).toBeGreaterThan(3);
    expect(normalised(built.state)).toEqual(normalised(replayed));
    first.close();

    const second = new SqliteSnapshotStore(file);
    const loaded = await loadState(store, stream, second, { policy: new SnapshotPolicy(1_000_000) });
    expect(loaded.snapshotRevision).toBeGreaterThan(replayed.revision - 1_000);
    expect(loaded.caughtUp).toBe(replayed.revision - loaded.snapshotRevision);
    expect(normalised(loaded.state)).toEqual(normalised(replayed));
    second.close();
  });

  it('decides a command on a snapshot-loaded state exactly as on the replayed state', async () => {
    const snapshots = new SqliteSnapshotStore(join(dir, 'snapshots.sqlite'));
    snapshots.save(stream, replayed);
    const lazy = snapshots.open(stream);
    const [nip, employee] = [...replayed.employees].find(
      ([, e]) => e.separation === null && e.placements.length > 0,
    )!;
    const target = [...replayed.positions.values()].find(
      (p) => p.kind === 'PELAKSANA' && p.positionId !== employee.placements.at(-1)!.positionId,
    )!;
    const command: StaffingCommand = {
      type: 'IssueDecree',
      data: {
        decreeId: 'snapshot-test',
        decree: {
          number: 'SK-SNAP/1',
          signedOn: '2021-01-02',
          signer: { name: 'Wali Kota Semarang' },
          kind: 'SK',
        },
        lines: [
          {
            type: 'REASSIGN',
            nip,
            positionId: target.positionId,
            moveKind: 'MUTASI',
            effectiveDate: '2021-02-01',
          },
        ],
      },
    };
    const ctx = { today: '2021-01-05', now: '2021-01-05T00:00:00Z', config: DEFAULT_DOMAIN_CONFIG };
    expect(decideStaffing(command, lazy, ctx)).toEqual(decideStaffing(command, replayed, ctx));
    snapshots.close();
  });
  it('saves what evolve changed, not what decide only read, and the saved state equals the replay', async () => {
    const file = join(dir, 'snapshots.sqlite');
    const events = await store.readStream(stream);
    const half = Math.floor(events.length / 2);
    const first = new SqliteSnapshotStore(file);
    const start = first.open(stream);
    foldEvents(start, events.slice(0, half));
    first.save(stream, start);
    first.close();

    const second = new SqliteSnapshotStore(file);
    const lazy = second.open(stream);
    const people = [...replayed.employees.keys()];
    const positions = [...replayed.positions.keys()];
    const ctx = { today: '2021-01-05', now: '2021-01-05T00:00:00Z', config: DEFAULT_DOMAIN_CONFIG };
    let written = 0;
    events.slice(half).forEach((event, i) => {
      // A decision reads employees, positions and their holder indexes through a draft (peek): those
      // entries are not rewritten by the next save unless evolve changes them.
      const probe: StaffingCommand = {
        type: 'IssueDecree',
        data: {
          decreeId: `probe-${i}`,
          decree: {
            number: `SK-PROBE/${i}`,
            signedOn: '2021-01-02',
            signer: { name: 'Wali Kota' },
            kind: 'SK',
          },
          lines: [
            {
              type: 'REASSIGN',
              nip: people[(i * 7) % people.length],
              positionId: positions[(i * 13) % positions.length],
              moveKind: 'MUTASI',
              effectiveDate: '2021-02-01',
            },
          ],
        },
      };
      decideStaffing(probe, lazy, ctx);
      evolveStaffing(lazy, { type: event.type, data: event.data } as StaffingEvent, event.revision);
      if (i % 250 === 249) written += second.save(stream, lazy).written;
    });
    second.save(stream, lazy);
    second.close();
    expect(written).toBeGreaterThan(0);

    const third = new SqliteSnapshotStore(file);
    expect(normalised(third.open(stream))).toEqual(normalised(replayed));
    third.close();
  });

  it('adds to a stored index set without reading it and writes the union at the next save', () => {
    const file = join(dir, 'snapshots.sqlite');
    const first = new SqliteSnapshotStore(file);
    first.save(stream, replayed);
    const lazy = first.open(stream);
    const [positionId, holders] = [...replayed.positionPlacements].find(([, nips]) => nips.size > 1)!;
    const index = lazy.positionPlacements.get(positionId)!;
    expect(index).toBeInstanceOf(DeferredSet);
    index.add('new-holder');
    expect((index as DeferredSet<string>).unchanged).toBe(false);
    first.save(stream, lazy);
    first.close();
    const second = new SqliteSnapshotStore(file);
    expect([...second.open(stream).positionPlacements.get(positionId)!]).toEqual([...holders, 'new-holder']);
    second.close();
  });

  it('warms up without marking what it read for the next snapshot', async () => {
    const snapshots = new SqliteSnapshotStore(join(dir, 'snapshots.sqlite'));
    snapshots.save(stream, replayed);
    const lazy = snapshots.open(stream);
    const { entries } = await warmUp(lazy);
    expect(entries).toBeGreaterThan(100);
    expect(encodeSnapshot(stream, lazy).rows).toEqual([]);
    snapshots.close();
  });

  it('drops a snapshot of an older layout, so start-up replays the log', async () => {
    const file = join(dir, 'snapshots.sqlite');
    const first = new SqliteSnapshotStore(file);
    first.save(stream, replayed);
    first.close();
    const db = new Database(file);
    db.prepare("UPDATE snapshots SET scalars = json_remove(scalars, '$.layout')").run();
    db.close();
    const second = new SqliteSnapshotStore(file);
    expect(second.open(stream).revision).toBe(-1);
    expect(second.info(stream)).toBeUndefined();
    const loaded = await loadState(store, stream, second, { policy: new SnapshotPolicy(1_000_000) });
    expect(normalised(loaded.state)).toEqual(normalised(replayed));
    second.close();
  });
  it('derives the holder index when a snapshot document predates its split by decade', () => {
    const document = snapshotOf(replayed) as Record<string, unknown>;
    delete document.positionLeftLast;
    document.positionLeft = [...replayed.positions.keys()].map((positionId) => [positionId, []]);
    const derived = stateFromSnapshot(document);
    let compared = 0;
    for (const positionId of replayed.positions.keys()) {
      for (const from of ['2019-01-01', '2020-06-15', '2021-01-01']) {
        const holders = holderSegmentsFrom(replayed, positionId, from);
        expect(holderSegmentsFrom(derived, positionId, from)).toEqual(holders);
        compared += holders.length;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
