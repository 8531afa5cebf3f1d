import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashChainedEventStore, SqliteEventStore, verifyChain } from '@asn/event-store';
import { verifyStore } from '../src/chain-verifier';
import { AGUS, seedDinas, StaffingLog, STREAM } from './staffing-log';

/** The store is closed while the test edits the file behind its back, as an intruder with file access would. */
describe('tamper evidence over the SQLite store', () => {
  let dir: string;
  let file: string;

  const open = () => new SqliteEventStore(file);
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };
  const verify = async () => {
    const store = open();
    try {
      const report = await verifyStore(store, 7);
      const all = await store.readAll();
      return { report, reference: verifyChain(all) };
    } finally {
      await store.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asn-audit-'));
    file = join(dir, 'events.sqlite');
    const store = new HashChainedEventStore(open());
    const log = new StaffingLog(store);
    await seedDinas(log);
    await log.decree(
      'D-ROT',
      'SK-821/9/2025',
      [{ type: 'REASSIGN', nip: AGUS, positionId: 'KASI3', moveKind: 'ROTASI', effectiveDate: '2025-02-01' }],
      '2025-03-01T10:00:00.000Z',
    );
    await store.append(
      `employee-${AGUS}`,
      [1, 2].map((n) => ({
        id: `training-${n}`,
        type: 'TrainingCompleted',
        data: { nip: AGUS, code: `T${n}`, hours: 8 * n },
        metadata: {
          eventId: `training-${n}`,
          commandId: `c${n}`,
          correlationId: `c${n}`,
          causationId: `c${n}`,
          actor: 'officer-1',
          recordedAt: '2025-05-01T00:00:00.000Z',
          schemaVersion: 1,
        },
      })),
      'no_stream',
    );
    await store.close();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an untouched store verifies, every event in every stream counted', async () => {
    const { report } = await verify();
    // 9 structure and people events, 2 decrees (DecreeIssued + lines), 2 trainings.
    expect(report).toEqual({ ok: true, events: 9 + 4 + 2 + 2, streams: 2 });
  });

  it('an event whose data was edited in the file breaks its own hash, and verify names it', async () => {
    tamper(
      `UPDATE events SET data = json_set(data, '$.positionId', 'KASI2') WHERE stream = ? AND revision = 14`,
      STREAM,
    );
    const { report, reference } = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ stream: STREAM, revision: 14 });
    expect(report.firstBreak!.expected).not.toEqual(report.firstBreak!.actual);
    expect(reference).toMatchObject(report.firstBreak!);
  });

  it('an edited actor or recording time in the metadata is caught too', async () => {
    tamper(
      `UPDATE events SET metadata = json_set(metadata, '$.actor', 'someone-else') WHERE revision = 3 AND stream = ?`,
      STREAM,
    );
    const { report } = await verify();
    expect(report.firstBreak).toMatchObject({ stream: STREAM, revision: 3 });
  });

  it('a deleted event breaks the chain at the next event of its stream', async () => {
    tamper(`DELETE FROM events WHERE stream = ? AND revision = 0`, `employee-${AGUS}`);
    const { report, reference } = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ stream: `employee-${AGUS}`, revision: 1 });
    expect(reference).toMatchObject(report.firstBreak!);
  });

  it('two events swapped in their stream (revisions exchanged) are caught', async () => {
    const db = new Database(file);
    db.transaction(() => {
      db.prepare('UPDATE events SET revision = -1 WHERE stream = ? AND revision = 5').run(STREAM);
      db.prepare('UPDATE events SET revision = 5 WHERE stream = ? AND revision = 6').run(STREAM);
      db.prepare('UPDATE events SET revision = 6 WHERE stream = ? AND revision = -1').run(STREAM);
    })();
    db.close();
    const { report } = await verify();
    expect(report.ok).toBe(false);
    // The first row in log order now claims revision 6: its hash no longer matches what it says.
    expect(report.firstBreak).toMatchObject({ stream: STREAM, revision: 6 });
  });

  it('two events moved in the global log (positions swapped) are caught', async () => {
    const db = new Database(file);
    db.transaction(() => {
      db.prepare('UPDATE events SET global_position = -1 WHERE global_position = 3').run();
      db.prepare('UPDATE events SET global_position = 3 WHERE global_position = 4').run();
      db.prepare('UPDATE events SET global_position = 4 WHERE global_position = -1').run();
    })();
    db.close();
    const { report } = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ stream: STREAM, revision: 3 });
  });

  it('an event stripped of its hash is caught', async () => {
    tamper(
      `UPDATE events SET metadata = json_remove(metadata, '$.hash') WHERE revision = 1 AND stream = ?`,
      STREAM,
    );
    const { report } = await verify();
    expect(report.firstBreak).toMatchObject({ stream: STREAM, revision: 1, actual: null });
  });
});
