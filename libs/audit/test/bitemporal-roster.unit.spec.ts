import { rosterOf } from '@asn/domain';
import { HashChainedEventStore, MemoryEventStore } from '@asn/event-store';
import { rosterKnownAt, StaffingReplay } from '../src/staffing-replay';
import { AGUS, seedDinas, StaffingLog, STREAM } from './staffing-log';

const at = (iso: string) => Date.parse(iso);
const holdersOf = (roster: Awaited<ReturnType<typeof rosterKnownAt>>, positionId: string): string[] => {
  const all = [roster!, ...(roster!.subunits ?? [])].flatMap((r) => r.positions);
  return all.find((p) => p.id === positionId)!.holders.map((h) => h.nip);
};

describe('the roster as of an effective date, as known at a recorded time', () => {
  let log: StaffingLog;
  const roster = (asOf: string, knownAt: string) =>
    rosterKnownAt(log.store, { stream: STREAM, unitId: 'U1', asOf, knownAt: at(knownAt), depth: 1 });

  beforeEach(async () => {
    log = new StaffingLog(new HashChainedEventStore(new MemoryEventStore()));
    await seedDinas(log);
    // Recorded on 1 March, effective from 1 February: a retroactive rotation.
    await log.decree(
      'D-ROT',
      'SK-821/9/2025',
      [{ type: 'REASSIGN', nip: AGUS, positionId: 'KASI3', moveKind: 'ROTASI', effectiveDate: '2025-02-01' }],
      '2025-03-01T10:00:00.000Z',
    );
  });

  it('a retroactive reassignment is not in the roster as known before it was recorded', async () => {
    const before = await roster('2025-02-15', '2025-02-20T00:00:00Z');
    expect(holdersOf(before, 'KASI1')).toEqual([AGUS]);
    expect(holdersOf(before, 'KASI3')).toEqual([]);
  });

  it('a retroactive reassignment changes the past roster as known after it was recorded', async () => {
    const after = await roster('2025-02-15', '2025-03-01T10:00:01Z');
    expect(holdersOf(after, 'KASI1')).toEqual([]);
    expect(holdersOf(after, 'KASI3')).toEqual([AGUS]);
  });

  it('the reassignment does not reach back before its effective date', async () => {
    const january = await roster('2025-01-15', '2025-03-02T00:00:00Z');
    expect(holdersOf(january, 'KASI1')).toEqual([AGUS]);
  });

  it('an annulled decree still counts as known before the annulment was recorded', async () => {
    await log.annul('D-ROT', 'SK-821/10/2025', '2025-04-01T10:00:00.000Z');
    const known = await roster('2025-02-15', '2025-03-15T00:00:00Z');
    expect(holdersOf(known, 'KASI3')).toEqual([AGUS]);
  });

  it('an annulled decree stops counting from the time the annulment was recorded', async () => {
    await log.annul('D-ROT', 'SK-821/10/2025', '2025-04-01T10:00:00.000Z');
    const known = await roster('2025-02-15', '2025-04-01T10:00:00.000Z');
    expect(holdersOf(known, 'KASI1')).toEqual([AGUS]);
    expect(holdersOf(known, 'KASI3')).toEqual([]);
  });

  it('known now and as of today, it equals the live roster', async () => {
    await log.annul('D-ROT', 'SK-821/10/2025', '2025-04-01T10:00:00.000Z');
    const today = new Date().toISOString().slice(0, 10);
    const live = rosterOf(log.state, 'U1', today, 1);
    const replayed = await rosterKnownAt(log.store, {
      stream: STREAM,
      unitId: 'U1',
      asOf: today,
      knownAt: Date.now(),
      depth: 1,
    });
    expect(replayed).toEqual(live);
  });

  it('a unit established after the recorded time is unknown', async () => {
    const roster = await rosterKnownAt(log.store, {
      stream: STREAM,
      unitId: 'U1',
      asOf: '2025-02-15',
      knownAt: at('2025-01-01T00:00:00Z'),
    });
    expect(roster).toBeUndefined();
  });

  it('a replay with checkpoints answers exactly as a replay from the first event, at every recorded time', async () => {
    await log.annul('D-ROT', 'SK-821/10/2025', '2025-04-01T10:00:00.000Z');
    const events = await log.store.readStream(STREAM);
    const times = [...new Set(events.map((e) => Date.parse(e.metadata.recordedAt)))].flatMap((t) => [
      t - 1,
      t,
    ]);
    const cached = new StaffingReplay(log.store, STREAM, { every: 2, max: 4 });
    // Later times first, then earlier ones: checkpoints made for one answer serve (or must not serve) the next.
    const descending = [...times].reverse();
    for (const knownAt of [...descending, ...times]) {
      for (const asOf of ['2025-01-15', '2025-02-15']) {
        const expected = await rosterKnownAt(log.store, {
          stream: STREAM,
          unitId: 'U1',
          asOf,
          knownAt,
          depth: 1,
        });
        expect(await cached.rosterKnownAt('U1', asOf, knownAt, 1)).toEqual(expected);
      }
    }
  });

  it('a replay resumes from the latest checkpoint that still matches the store', async () => {
    const replay = new StaffingReplay(log.store, STREAM, { every: 1 });
    const first = await replay.rosterKnownAt('U1', '2025-02-15', Date.now());
    const spy = jest.spyOn(log.store, 'readStream');
    expect(await replay.rosterKnownAt('U1', '2025-02-15', Date.now())).toEqual(first);
    const last = (await log.store.readStream(STREAM, { direction: 'backwards', maxCount: 1 }))[0].revision;
    expect(spy.mock.calls[0][1]).toEqual({ fromRevision: last, maxCount: 1 });
    expect(spy.mock.calls[1][1]).toMatchObject({ fromRevision: last + 1 });
  });

  it('a checkpoint is dropped when the event it ends on no longer has the hash it had', async () => {
    const store = log.store;
    const replay = new StaffingReplay(store, STREAM, { every: 1 });
    await replay.rosterKnownAt('U1', '2025-02-15', Date.now());
    const readStream = store.readStream.bind(store);
    const spy = jest.spyOn(store, 'readStream').mockImplementation(async (stream, options) => {
      const events = await readStream(stream, options);
      return events.map((e) => ({ ...e, metadata: { ...e.metadata, hash: 'f'.repeat(64) } }));
    });
    await replay.rosterKnownAt('U1', '2025-02-15', Date.now());
    // The checkpoint check read one event, found another hash, and the replay started again from revision 0.
    expect(spy.mock.calls[0][1]).toMatchObject({ maxCount: 1 });
    expect(spy.mock.calls[1][1]).toMatchObject({ fromRevision: 0 });
  });
});
