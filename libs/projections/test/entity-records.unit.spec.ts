import { readModelKeys } from '../src/keys';
import { annulmentsFrom, employeeFrom } from '../src/read/entity-records';
import { INSTANSI, ProjectionHarness } from './harness';

describe('employee records read back from the read models', () => {
  it('equal the fold: absences, ranks, separation and version', async () => {
    const h = new ProjectionHarness();
    for (let i = 0; i < 150; i++) await h.history.step(h.log);
    await h.project();
    const keys = readModelKeys(INSTANSI, 1);
    const [annulled] = await h.store.hgetall([keys.annulled]);
    let withAbsences = 0;
    for (const [nip, folded] of h.history.state.employees) {
      const [hash] = await h.store.hgetall([keys.employee(nip)]);
      const record = employeeFrom(hash, annulmentsFrom(annulled))!;
      if (folded.absences.length > 0) withAbsences++;
      expect(record.absences).toEqual(folded.absences);
      expect(record.version).toBe(folded.version);
      expect(record.ranks).toEqual(folded.ranks);
      expect(record.separation).toEqual(folded.separation);
    }
    expect(withAbsences).toBeGreaterThan(3);
  });
});
