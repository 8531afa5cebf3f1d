import type { Roster } from '@asn/domain';
import { rosterJson } from './roster-json';

const row = (id: string, holders: string[]) => ({
  id,
  title: `Jabatan "${id}"`,
  kind: 'PELAKSANA' as const,
  kebutuhan: 2,
  bezetting: holders.length,
  gap: holders.length - 2,
  holders: holders.map((nip) => ({
    nip,
    name: 'Siti\nAminah',
    since: '2021-01-04',
    decree: { decreeId: 'D1', number: null },
  })),
  acting: [],
});
const totals = { kebutuhan: 4, bezetting: 2, gap: -2, vacantManajerial: 0 };
const child: Roster = {
  unit: { id: 'U2', name: 'Bidang', kind: 'BIDANG', parentId: 'U1' },
  asOf: '2025-06-02',
  positions: [row('P3', [])],
  redeployedIn: [{ nip: '1', name: 'A', fromUnitId: 'U1', from: '2025-05-01', until: '2025-08-01' }],
  redeployedOut: [],
  totals,
};

describe('rosterJson', () => {
  it('is exactly JSON.stringify of the roster, with and without subunits, also when its rows are reused', () => {
    const parent: Roster = {
      unit: { id: 'U1', name: 'Dinas', kind: 'OPD', parentId: null },
      asOf: '2025-06-02',
      positions: [row('P1', ['1', '2']), row('P2', [])],
      redeployedIn: [],
      redeployedOut: [{ nip: '1', name: 'A', toUnitId: 'U2', from: '2025-05-01', until: '2025-08-01' }],
      subunits: [child],
      totals,
    };
    expect(rosterJson(parent)).toBe(JSON.stringify(parent));
    expect(rosterJson(child)).toBe(JSON.stringify(child));
    const next = { ...parent, positions: [parent.positions[0], row('P2', ['3'])] };
    expect(rosterJson(next)).toBe(JSON.stringify(next));
  });
});
