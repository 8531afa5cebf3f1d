import { addMonths } from './dates';
import type { FungsionalLevel, IsoDate, PositionKind } from './vocabulary';
import { MANAJERIAL_KINDS } from './vocabulary';

export const isManajerial = (kind: PositionKind): boolean => MANAJERIAL_KINDS.includes(kind);

/** Manajerial rank of a post: 1 = JPT utama (highest) ... 5 = Pengawas. */
const MANAJERIAL_RANK: Partial<Record<PositionKind, number>> = {
  JPT_UTAMA: 1,
  JPT_MADYA: 2,
  JPT_PRATAMA: 3,
  ADMINISTRATOR: 4,
  PENGAWAS: 5,
};

/** Which manajerial posts a holder of (kind, level) may act in as Plt/Plh (DOMAIN.md, ACTING_LEVEL). */
export function mayActIn(kind: PositionKind, level: FungsionalLevel | null, target: PositionKind): boolean {
  const targetRank = MANAJERIAL_RANK[target];
  if (targetRank === undefined) return false;
  const ownRank = MANAJERIAL_RANK[kind];
  if (ownRank !== undefined) return targetRank === ownRank || targetRank === ownRank - 1;
  if (kind === 'FUNGSIONAL' && level === 'AHLI_UTAMA') return true;
  if (kind === 'FUNGSIONAL' && level === 'AHLI_MADYA')
    return target === 'ADMINISTRATOR' || target === 'PENGAWAS';
  return target === 'PENGAWAS';
}

/** Retirement age (BUP) set by the position held. */
export function retirementAge(kind: PositionKind, level: FungsionalLevel | null): number {
  if (kind === 'JPT_UTAMA' || kind === 'JPT_MADYA' || kind === 'JPT_PRATAMA') return 60;
  if (kind === 'FUNGSIONAL' && level === 'AHLI_UTAMA') return 65;
  if (kind === 'FUNGSIONAL' && level === 'AHLI_MADYA') return 60;
  return 58;
}

// Timeline checks ask for the same few retirement dates over and over; date arithmetic dominated decide.
// Kept by BUP age (a few values), then birth date, each bounded: no key string built per call.
const retirementDates = new Map<number, Map<IsoDate, IsoDate>>();

/** Retirement takes effect on the first day of the month after the birthday that reaches BUP. */
export function retirementDate(birthDate: IsoDate, age: number): IsoDate {
  let byBirth = retirementDates.get(age);
  if (byBirth === undefined) retirementDates.set(age, (byBirth = new Map()));
  let date = byBirth.get(birthDate);
  if (date === undefined) {
    const birthday = addMonths(birthDate, age * 12);
    date = addMonths(`${birthday.slice(0, 7)}-01`, 1);
    if (byBirth.size >= 100_000) byBirth.clear();
    byBirth.set(birthDate, date);
  }
  return date;
}

/** The leadership training a manajerial post requires (PKP, PKA, PKN II, PKN I). */
export function leadershipTraining(kind: PositionKind): string | null {
  switch (kind) {
    case 'PENGAWAS':
      return 'PKP';
    case 'ADMINISTRATOR':
      return 'PKA';
    case 'JPT_PRATAMA':
      return 'PKN_II';
    case 'JPT_MADYA':
    case 'JPT_UTAMA':
      return 'PKN_I';
    default:
      return null;
  }
}
