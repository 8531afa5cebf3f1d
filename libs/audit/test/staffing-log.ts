import { randomUUID } from 'node:crypto';
import {
  DEFAULT_DOMAIN_CONFIG,
  decideStaffing,
  evolveStaffing,
  initialStaffingState,
  type DecreeLine,
  type DecreeRef,
  type StaffingCommand,
  type StaffingState,
} from '@asn/domain';
import type { EventStore, EventToAppend } from '@asn/event-store';

export const STREAM = 'staffing-3374';

/** Valid NIPs (birth date, CPNS start, sex, serial). */
export const AGUS = '198503152010011001';
export const BUDI = '198604202011012001';
export const CITRA = '198701012012011001';

export const sk = (number: string): DecreeRef => ({
  number,
  signedOn: '2025-01-02',
  signer: { name: 'Wali Kota Semarang' },
  kind: 'SK',
});

/**
 * Records staffing commands the way the api does (decide, then append with the expected revision and the
 * envelope metadata), but at recording times the test chooses, so that "as known at" can be tested.
 */
export class StaffingLog {
  readonly state: StaffingState = initialStaffingState();
  private revision = -1;

  constructor(
    readonly store: EventStore,
    readonly stream = STREAM,
  ) {}

  async record(command: StaffingCommand, recordedAt: string, actor = 'officer-1'): Promise<void> {
    const decision = decideStaffing(command, this.state, {
      today: recordedAt.slice(0, 10),
      now: recordedAt,
      config: DEFAULT_DOMAIN_CONFIG,
    });
    if (!decision.ok) throw new Error(`refused: ${JSON.stringify(decision.violations)}`);
    const commandId = randomUUID();
    const decree =
      command.type === 'IssueDecree' || command.type === 'AnnulDecree'
        ? { decreeId: command.data.decreeId, number: command.data.decree.number }
        : null;
    const events: EventToAppend[] = decision.events.map((event) => {
      const id = randomUUID();
      return {
        id,
        type: event.type,
        data: event.data,
        metadata: {
          eventId: id,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          actor,
          recordedAt,
          schemaVersion: 1,
          decree,
        },
      };
    });
    await this.store.append(this.stream, events, this.revision < 0 ? 'no_stream' : this.revision);
    for (const event of decision.events) evolveStaffing(this.state, event, ++this.revision);
  }

  decree(decreeId: string, number: string, lines: DecreeLine[], recordedAt: string): Promise<void> {
    return this.record({ type: 'IssueDecree', data: { decreeId, decree: sk(number), lines } }, recordedAt);
  }

  annul(decreeId: string, number: string, recordedAt: string): Promise<void> {
    return this.record(
      { type: 'AnnulDecree', data: { decreeId, reason: 'issued in error', decree: sk(number) } },
      recordedAt,
    );
  }
}

/**
 * Dinas U1 (with bidang U2) and its posts; Agus, Budi, Citra hold KASI1, KASI2, STAF since 2020-02-01,
 * all recorded on 2025-01-02.
 */
export async function seedDinas(log: StaffingLog): Promise<void> {
  const at = '2025-01-02T01:00:00.000Z';
  const unit = (unitId: string, parentId?: string): StaffingCommand => ({
    type: 'EstablishUnit',
    data: {
      unitId,
      name: `Unit ${unitId}`,
      kind: parentId ? 'BIDANG' : 'OPD',
      parentId,
      effectiveDate: '2020-01-01',
    },
  });
  const position = (positionId: string, unitId: string, kind: 'PENGAWAS' | 'PELAKSANA', kebutuhan = 1) =>
    ({
      type: 'EstablishPosition',
      data: {
        positionId,
        unitId,
        title: `Jabatan ${positionId}`,
        kind,
        kebutuhan,
        effectiveDate: '2020-01-01',
      },
    }) as StaffingCommand;
  const register = (nip: string, name: string) =>
    ({
      type: 'RegisterEmployee',
      data: { nip, name, kind: 'PNS', rank: 'III/c', joinedOn: '2010-01-01' },
    }) as StaffingCommand;
  for (const command of [
    unit('U1'),
    unit('U2', 'U1'),
    position('KASI1', 'U1', 'PENGAWAS'),
    position('KASI2', 'U1', 'PENGAWAS'),
    position('KASI3', 'U2', 'PENGAWAS'),
    position('STAF', 'U1', 'PELAKSANA', 3),
    register(AGUS, 'Agus'),
    register(BUDI, 'Budi'),
    register(CITRA, 'Citra'),
  ]) {
    await log.record(command, at);
  }
  await log.decree(
    'D-APPOINT',
    'SK-800/1/2020',
    [
      { type: 'APPOINT', nip: AGUS, positionId: 'KASI1', effectiveDate: '2020-02-01' },
      { type: 'APPOINT', nip: BUDI, positionId: 'KASI2', effectiveDate: '2020-02-01' },
      { type: 'APPOINT', nip: CITRA, positionId: 'STAF', effectiveDate: '2020-02-01' },
    ],
    '2025-01-02T02:00:00.000Z',
  );
}
