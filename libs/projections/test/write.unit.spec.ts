import { provenanceJson, stored } from '../src/write';

describe('stored facts', () => {
  const p = { rev: 12, position: '3456', type: 'TrainingCompleted' };
  const head = provenanceJson(p);

  it('writes exactly JSON.stringify({ ...provenance, ...fact })', () => {
    const facts: object[] = [
      {},
      { data: { nip: '1990', name: 'Dewi "Ayu"\n', hours: 12, skip: undefined } },
      { from: '2025-01-01', value: 3 },
      { reason: 'Cuti', decree: { number: '800/1', signer: { name: 'Wali Kota' } } },
    ];
    for (const fact of facts) expect(stored(head, fact)).toBe(JSON.stringify({ ...p, ...fact }));
  });

  it('keeps the order of the merged object when the fact repeats a provenance field', () => {
    const fact = { kind: 'END', type: 'replaced', seq: 3 };
    expect(stored(head, fact)).toBe(JSON.stringify({ ...p, ...fact }));
  });

  it('escapes positions and types that need it', () => {
    const odd = { rev: 0, position: 'C:1/"2"', type: 'Odd\\Type' };
    expect(stored(provenanceJson(odd), { a: 1 })).toBe(JSON.stringify({ ...odd, a: 1 }));
  });
});
