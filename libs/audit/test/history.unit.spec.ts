import { HashChainedEventStore, MemoryEventStore } from '@asn/event-store';
import { historyOf, type HistoryEntry } from '../src/history';
import { AGUS, BUDI, seedDinas, StaffingLog, STREAM } from './staffing-log';

const types = (entries: HistoryEntry[] | null) => entries!.map((e) => e.type);

describe('history of an employee, a position and a unit', () => {
  let log: StaffingLog;

  beforeEach(async () => {
    log = new StaffingLog(new HashChainedEventStore(new MemoryEventStore()));
    await seedDinas(log);
    await log.decree(
      'D-ROT',
      'SK-821/9/2025',
      [{ type: 'REASSIGN', nip: AGUS, positionId: 'KASI3', moveKind: 'ROTASI', effectiveDate: '2025-02-01' }],
      '2025-03-01T10:00:00.000Z',
    );
    await log.annul('D-ROT', 'SK-821/10/2025', '2025-04-01T10:00:00.000Z');
  });

  it("an employee's history holds every event about them in log order, with the decrees that made them", async () => {
    const { entries } = await historyOf(
      log.store,
      { kind: 'employee', nip: AGUS },
      { staffingStream: STREAM },
    );
    expect(types(entries)).toEqual([
      'EmployeeRegistered',
      'DecreeIssued',
      'EmployeeAppointed',
      'DecreeIssued',
      'EmployeeReassigned',
      'DecreeAnnulled',
    ]);
    const positions = entries!.map((e) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    const reassigned = entries!.find((e) => e.type === 'EmployeeReassigned')!;
    expect(reassigned).toMatchObject({
      stream: STREAM,
      effectiveDate: '2025-02-01',
      recordedAt: '2025-03-01T10:00:00.000Z',
      actor: 'officer-1',
      decree: { decreeId: 'D-ROT', number: 'SK-821/9/2025' },
      data: { nip: AGUS, positionId: 'KASI3', fromPositionId: 'KASI1' },
    });
    expect(reassigned.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an event of an annulled decree names the annulment; the annulment itself is in the history too', async () => {
    const { entries } = await historyOf(
      log.store,
      { kind: 'employee', nip: AGUS },
      { staffingStream: STREAM },
    );
    const annulment = entries!.find((e) => e.type === 'DecreeAnnulled')!;
    const reassigned = entries!.find((e) => e.type === 'EmployeeReassigned')!;
    expect(reassigned.annulledBy).toEqual({
      eventId: annulment.eventId,
      position: annulment.position,
      recordedAt: '2025-04-01T10:00:00.000Z',
      actor: 'officer-1',
      reason: 'issued in error',
      decree: { decreeId: null, number: 'SK-821/10/2025' },
    });
    expect(entries!.find((e) => e.type === 'EmployeeAppointed')!.annulledBy).toBeUndefined();
    expect(annulment.annulledBy).toBeUndefined();
  });

  it("another employee's decree lines stay out of an employee's history", async () => {
    const { entries } = await historyOf(
      log.store,
      { kind: 'employee', nip: BUDI },
      { staffingStream: STREAM },
    );
    expect(types(entries)).toEqual(['EmployeeRegistered', 'DecreeIssued', 'EmployeeAppointed']);
    expect(entries!.every((e) => e.type === 'DecreeIssued' || (e.data as { nip: string }).nip === BUDI)).toBe(
      true,
    );
  });

  it("a position's history covers moves into and out of it", async () => {
    const kasi1 = await historyOf(log.store, { kind: 'position', id: 'KASI1' }, { staffingStream: STREAM });
    expect(types(kasi1.entries)).toEqual([
      'PositionEstablished',
      'DecreeIssued',
      'EmployeeAppointed',
      'DecreeIssued',
      'EmployeeReassigned',
      'DecreeAnnulled',
    ]);
  });

  it("a unit's history covers its subunits, its positions and moves through them", async () => {
    const u1 = await historyOf(log.store, { kind: 'unit', id: 'U1' }, { staffingStream: STREAM });
    const u1Types = types(u1.entries);
    expect(u1Types.slice(0, 2)).toEqual(['UnitEstablished', 'UnitEstablished']);
    expect(u1Types.filter((t) => t === 'EmployeeAppointed')).toHaveLength(3);
    expect(u1Types).toContain('EmployeeReassigned');
    const u2 = await historyOf(log.store, { kind: 'unit', id: 'U2' }, { staffingStream: STREAM });
    expect(types(u2.entries)).toEqual([
      'UnitEstablished',
      'PositionEstablished',
      'DecreeIssued',
      'EmployeeReassigned',
      'DecreeAnnulled',
    ]);
  });

  it('a long history is read in pages that join up', async () => {
    const subject = { kind: 'employee', nip: AGUS } as const;
    const all = (await historyOf(log.store, subject, { staffingStream: STREAM })).entries!;
    const first = await historyOf(log.store, subject, { staffingStream: STREAM, limit: 4 });
    expect(first.entries).toEqual(all.slice(0, 4));
    expect(first.next).toBe(all[3].position);
    const second = await historyOf(log.store, subject, {
      staffingStream: STREAM,
      limit: 4,
      after: first.next!,
    });
    expect(second.entries).toEqual(all.slice(4));
    expect(second.next).toBeNull();
  });

  it("an employee's history includes their own stream (trainings, work arrangements), in log order", async () => {
    await log.store.append(
      `employee-${AGUS}`,
      [
        {
          id: 'training-1',
          type: 'TrainingCompleted',
          data: { nip: AGUS, code: 'PKA', startDate: '2025-04-10', endDate: '2025-04-20', hours: 40 },
          metadata: {
            eventId: 'training-1',
            commandId: 'c',
            correlationId: 'c',
            causationId: 'c',
            actor: 'officer-2',
            recordedAt: '2025-05-01T00:00:00.000Z',
            schemaVersion: 1,
          },
        },
      ],
      'no_stream',
    );
    const { entries } = await historyOf(
      log.store,
      { kind: 'employee', nip: AGUS },
      { staffingStream: STREAM },
    );
    expect(entries!.at(-1)).toMatchObject({
      type: 'TrainingCompleted',
      stream: `employee-${AGUS}`,
      revision: 0,
      effectiveDate: '2025-04-10',
      actor: 'officer-2',
      decree: null,
    });
  });

  it('an unknown subject has no history', async () => {
    const page = await historyOf(log.store, { kind: 'position', id: 'NOPE' }, { staffingStream: STREAM });
    expect(page.entries).toBeNull();
  });
});
