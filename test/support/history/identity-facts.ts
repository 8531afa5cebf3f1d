import type { IsoDate, Sex } from '@asn/domain';

/** Birth date and sex read from a NIP or NI PPPK (both start with YYYYMMDD; the 15th digit is the sex). */
export function identityFromNip(nip: string): { birthDate: IsoDate; sex: Sex } {
  return {
    birthDate: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
    sex: nip[14] === '1' ? 'M' : 'F',
  };
}
