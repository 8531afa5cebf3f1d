export interface NipParts {
  /** `YYYY-MM-DD`, default 1985-03-15. */
  birthDate?: string;
  /** `YYYY-MM` (TMT CPNS), default 2010-01. */
  cpnsStart?: string;
  sex?: 'M' | 'F';
  /** 1..999, default 1. */
  serial?: number;
}

/** A valid 18-digit PNS NIP: birth date, CPNS start month, sex digit, serial. */
export function nipFor(parts: NipParts = {}): string {
  const birth = (parts.birthDate ?? '1985-03-15').replace(/-/g, '');
  const start = (parts.cpnsStart ?? '2010-01').replace(/-/g, '');
  const sex = (parts.sex ?? 'M') === 'M' ? '1' : '2';
  const serial = parts.serial ?? 1;
  if (!Number.isInteger(serial) || serial < 1 || serial > 999) {
    throw new Error(`serial ${serial} is out of range; a NIP serial is 1..999`);
  }
  return `${birth}${start}${sex}${String(serial).padStart(3, '0')}`;
}

/** A valid 18-digit NI PPPK: birth date, year of first appointment, two digits, sex digit, serial. */
export function niPppkFor(
  parts: { birthDate?: string; year?: number; sex?: 'M' | 'F'; serial?: number } = {},
): string {
  const birth = (parts.birthDate ?? '1990-06-01').replace(/-/g, '');
  const sex = (parts.sex ?? 'F') === 'M' ? '1' : '2';
  return `${birth}${parts.year ?? 2022}01${sex}${String(parts.serial ?? 1).padStart(3, '0')}`;
}

/**
 * Distinct valid NIPs for tests: the n-th one (0-based) varies the serial, then the birth day, so up to
 * 999 * 28 NIPs never collide.
 */
export function nthNip(n: number, parts: Omit<NipParts, 'serial'> = {}): string {
  const birthDate = parts.birthDate ?? '1985-03-01';
  const day = Number(birthDate.slice(8, 10)) + Math.floor(n / 999);
  if (day > 28) throw new Error(`nthNip(${n}) runs out of birth days; pass another birthDate`);
  return nipFor({
    ...parts,
    birthDate: `${birthDate.slice(0, 8)}${String(day).padStart(2, '0')}`,
    serial: (n % 999) + 1,
  });
}
