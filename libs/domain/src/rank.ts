import type { EmployeeKind, PositionKind } from './vocabulary';

export const PNS_RANKS = [
  'I/a', 'I/b', 'I/c', 'I/d',
  'II/a', 'II/b', 'II/c', 'II/d',
  'III/a', 'III/b', 'III/c', 'III/d',
  'IV/a', 'IV/b', 'IV/c', 'IV/d', 'IV/e',
] as const; // prettier-ignore

export const PPPK_GOLONGAN = [
  'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX',
  'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII',
] as const; // prettier-ignore

export function isValidRank(rank: string, kind: EmployeeKind): boolean {
  const list: readonly string[] = kind === 'PPPK' || kind === 'PPPK_PARUH_WAKTU' ? PPPK_GOLONGAN : PNS_RANKS;
  return list.includes(rank);
}

/** Usual pangkat range of a manajerial post, from the legacy eselon table (JPT pratama = II.a/II.b, ...). */
const USUAL_RANGE: Partial<Record<PositionKind, [string, string]>> = {
  JPT_PRATAMA: ['IV/b', 'IV/d'],
  ADMINISTRATOR: ['III/d', 'IV/b'],
  PENGAWAS: ['III/b', 'III/d'],
};

/** Null when the rank is inside the post's usual range (or the post has none); otherwise the range. */
export function rankOutsideRange(rank: string, kind: PositionKind): [string, string] | null {
  const range = USUAL_RANGE[kind];
  const index = (PNS_RANKS as readonly string[]).indexOf(rank);
  if (!range || index < 0) return null;
  const lo = (PNS_RANKS as readonly string[]).indexOf(range[0]);
  const hi = (PNS_RANKS as readonly string[]).indexOf(range[1]);
  return index < lo || index > hi ? range : null;
}
