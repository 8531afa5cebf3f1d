import { addMonths } from '@asn/domain';
import type { Rng } from './rng';

const FIRST = [
  'Agus',
  'Budi',
  'Siti',
  'Dewi',
  'Eko',
  'Sri',
  'Joko',
  'Rina',
  'Hendra',
  'Wahyu',
  'Nur',
  'Dian',
  'Ahmad',
  'Retno',
  'Bambang',
  'Endang',
  'Yuli',
  'Teguh',
  'Lestari',
  'Arif',
  'Fitri',
  'Bayu',
  'Indah',
  'Rudi',
  'Ratna',
  'Slamet',
  'Puji',
  'Heru',
  'Wulan',
  'Dwi',
  'Tri',
  'Anita',
  'Hadi',
  'Kartika',
  'Yusuf',
  'Ayu',
  'Imam',
  'Ani',
];
const LAST = [
  'Santoso',
  'Wibowo',
  'Rahayu',
  'Setiawan',
  'Kurniawan',
  'Lestari',
  'Hidayat',
  'Pratama',
  'Susanti',
  'Nugroho',
  'Purnomo',
  'Wulandari',
  'Saputra',
  'Handayani',
  'Prasetyo',
  'Utami',
  'Firmansyah',
  'Astuti',
  'Sulistyo',
  'Maharani',
  'Gunawan',
  'Permatasari',
  'Suryono',
  'Anggraini',
];

export const personName = (rng: Rng): string => `${rng.pick(FIRST)} ${rng.pick(LAST)}`;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Issues unique, valid NIPs and NI PPPKs (DOMAIN.md, "Identity"); serials count up per prefix. */
export class IdentityFactory {
  private readonly serials = new Map<string, number>();
  private readonly used = new Set<string>();

  /** A birth date in `year`, day 1..28 so that every month has it. */
  birthDate(rng: Rng, year: number): string {
    return `${pad(year, 4)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
  }

  /** PNS/CPNS NIP; `cpnsStart` is `YYYY-MM`, not before the 18th birthday. */
  nip(birthDate: string, cpnsStart: string, sex: 'M' | 'F'): string {
    const adult = addMonths(birthDate, 18 * 12).slice(0, 7);
    const start = cpnsStart < adult ? adult : cpnsStart;
    return this.issue(`${birthDate.replace(/-/g, '')}${start.replace('-', '')}${sex === 'M' ? '1' : '2'}`);
  }

  /** NI PPPK: birth date, year of first appointment, two digits, sex, serial. */
  niPppk(birthDate: string, year: number, sex: 'M' | 'F'): string {
    return this.issue(`${birthDate.replace(/-/g, '')}${pad(year, 4)}01${sex === 'M' ? '1' : '2'}`);
  }

  private issue(prefix: string): string {
    for (;;) {
      const serial = (this.serials.get(prefix) ?? 0) + 1;
      if (serial > 999) throw new Error(`NIP prefix ${prefix} has used all 999 serials; vary the birth date`);
      this.serials.set(prefix, serial);
      const nip = `${prefix}${pad(serial, 3)}`;
      if (!this.used.has(nip)) {
        this.used.add(nip);
        return nip;
      }
    }
  }
}
