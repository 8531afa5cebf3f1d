import type { IsoDate } from '@asn/domain';

/** DI token of the clock `() => Date` (tests replace it). */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;

const JAKARTA_OFFSET_MS = 7 * 3600 * 1000;

/** Today's date in the instansi (WIB, UTC+7). */
export const todayIn = (now: Date): IsoDate =>
  new Date(now.getTime() + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
