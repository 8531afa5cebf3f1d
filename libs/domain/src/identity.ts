import { addMonths, isRealDate } from './dates';
import type { EmployeeKind, IsoDate, Sex } from './vocabulary';

export interface IdentityFacts {
  birthDate: IsoDate;
  sex: Sex;
}

export type IdentityCheck = { ok: true; facts: IdentityFacts } | { ok: false; reason: string };

const isPppk = (kind: EmployeeKind): boolean => kind === 'PPPK' || kind === 'PPPK_PARUH_WAKTU';

/**
 * Checks a NIP (PNS/CPNS: birth date, CPNS start month, sex, serial) or an NI PPPK (birth date, year of
 * first appointment, two digits, sex, serial) and reads the birth date and sex from it.
 */
export function checkIdentityNumber(number: string, kind: EmployeeKind, today: IsoDate): IdentityCheck {
  const label = isPppk(kind) ? 'NI PPPK' : 'NIP';
  if (!/^\d+$/.test(number)) return { ok: false, reason: `${label} ${number} must contain digits only` };
  if (number.length !== 18) {
    return { ok: false, reason: `${label} ${number} has ${number.length} digits; a ${label} has 18` };
  }
  const birthDate = `${number.slice(0, 4)}-${number.slice(4, 6)}-${number.slice(6, 8)}`;
  if (!isRealDate(birthDate)) {
    return {
      ok: false,
      reason: `${label} ${number} starts with birth date ${birthDate}, which does not exist`,
    };
  }
  if (birthDate > today) return { ok: false, reason: `${label} ${number} has a birth date in the future` };
  const sexDigit = number[14];
  if (sexDigit !== '1' && sexDigit !== '2') {
    return {
      ok: false,
      reason: `${label} ${number} has sex digit ${sexDigit}; it must be 1 (male) or 2 (female)`,
    };
  }
  if (number.slice(15) === '000') return { ok: false, reason: `${label} ${number} has serial 000` };
  const adulthood = addMonths(birthDate, 18 * 12);
  if (isPppk(kind)) {
    const year = number.slice(8, 12);
    if (`${year}-12-31` < adulthood.slice(0, 4) + '-01-01' || year > today.slice(0, 4)) {
      return {
        ok: false,
        reason: `${label} ${number} has appointment year ${year}, before age 18 or in the future`,
      };
    }
  } else {
    const start = `${number.slice(8, 12)}-${number.slice(12, 14)}`;
    if (!isRealDate(`${start}-01`)) {
      return { ok: false, reason: `${label} ${number} has CPNS start ${start}, which is not a real month` };
    }
    if (start < adulthood.slice(0, 7)) {
      return { ok: false, reason: `${label} ${number} has CPNS start ${start}, before the 18th birthday` };
    }
    if (start > today.slice(0, 7)) {
      return { ok: false, reason: `${label} ${number} has CPNS start ${start}, which is in the future` };
    }
  }
  return { ok: true, facts: { birthDate, sex: sexDigit === '1' ? 'M' : 'F' } };
}
