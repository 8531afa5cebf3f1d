import { nipFor } from './nip';

/** Request bodies of the command API (API.md), valid by default; pass overrides to vary one field. */

export interface DecreeBody {
  number?: string;
  signedOn?: string;
  signer?: { name?: string; nip?: string };
  kind?: 'SK' | 'SURAT_PERINTAH';
  mendagriApproval?: string;
}

let decreeCounter = 0;

/** A complete SK signed by the mayor, with a unique number. */
export function aDecree(overrides: DecreeBody = {}): DecreeBody {
  decreeCounter += 1;
  return {
    number: `800/${String(decreeCounter).padStart(4, '0')}/2025`,
    signedOn: '2025-01-02',
    signer: { name: 'Wali Kota Semarang' },
    kind: 'SK',
    ...overrides,
  };
}

/** A surat perintah (for Plt/Plh). */
export const aSuratPerintah = (overrides: DecreeBody = {}): DecreeBody =>
  aDecree({ kind: 'SURAT_PERINTAH', ...overrides });

export const aUnit = (overrides: Record<string, unknown> = {}) => ({
  id: 'dinkes',
  name: 'Dinas Kesehatan',
  kind: 'OPD',
  effectiveDate: '2020-01-01',
  ...overrides,
});

/** A manajerial post (Administrator: kepala bidang) with kebutuhan 1. */
export const aManajerialPosition = (overrides: Record<string, unknown> = {}) => ({
  id: 'kabid-p2p',
  unitId: 'dinkes',
  title: 'Kepala Bidang P2P',
  kind: 'ADMINISTRATOR',
  kebutuhan: 1,
  effectiveDate: '2020-01-01',
  ...overrides,
});

/** A nonmanajerial post (Pelaksana) with kebutuhan 5. */
export const aPelaksanaPosition = (overrides: Record<string, unknown> = {}) => ({
  id: 'pengadministrasi-umum',
  unitId: 'dinkes',
  title: 'Pengadministrasi Umum',
  kind: 'PELAKSANA',
  kebutuhan: 5,
  effectiveDate: '2020-01-01',
  ...overrides,
});

/** A PNS registration; the NIP encodes birth date 1985-03-15, male. */
export const anEmployee = (overrides: Record<string, unknown> = {}) => ({
  nip: nipFor(),
  name: 'Budi Santoso',
  kind: 'PNS',
  rank: 'III/c',
  joinedOn: '2010-01-01',
  ...overrides,
});

export const anAppointLine = (nip: string, positionId: string, effectiveDate = '2025-01-06') => ({
  type: 'APPOINT' as const,
  nip,
  positionId,
  effectiveDate,
});

export const aReassignLine = (
  nip: string,
  positionId: string,
  moveKind: 'MUTASI' | 'ROTASI' | 'PROMOSI' | 'DEMOSI' = 'ROTASI',
  effectiveDate = '2025-03-03',
) => ({ type: 'REASSIGN' as const, nip, positionId, moveKind, effectiveDate });

/** A body for POST /decrees. */
export const aDecreeRequest = (lines: object[], overrides: Record<string, unknown> = {}) => ({
  decree: aDecree(),
  lines,
  ...overrides,
});

export const aTraining = (overrides: Record<string, unknown> = {}) => ({
  code: 'PKA',
  name: 'Pelatihan Kepemimpinan Administrator',
  category: 'MANAJERIAL',
  provider: 'BPSDM Jawa Tengah',
  certificateNumber: 'PKA-2024-0001',
  startDate: '2024-03-01',
  endDate: '2024-05-31',
  hours: 40,
  ...overrides,
});

export const aWorkArrangement = (overrides: Record<string, unknown> = {}) => ({
  location: 'HOME',
  flexibleDays: ['FRI'],
  time: 'FIXED',
  from: '2025-01-06',
  basis: 'SE Sekda 800/2025',
  approvedBy: 'Kepala Dinas',
  ...overrides,
});
