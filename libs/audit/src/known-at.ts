import { isRealDate } from '@asn/domain';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Reads a recorded-time bound in epoch milliseconds: an ISO-8601 time with a zone
 * (`2025-03-01T08:00:00Z`, `...+07:00`), or a date, which means the end of that day in UTC.
 */
export function parseKnownAt(value: string, name = 'knownAt'): Parsed<number> {
  if (DATE_ONLY.test(value) && isRealDate(value)) {
    return { ok: true, value: Date.parse(`${value}T23:59:59.999Z`) };
  }
  const match = DATE_TIME.exec(value);
  const ms = match && isRealDate(match[1]) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    return {
      ok: false,
      message: `${name} "${value}" is not a time; use ISO-8601 with a zone, e.g. 2025-03-01T08:00:00Z, or a date YYYY-MM-DD (its end, UTC)`,
    };
  }
  return { ok: true, value: ms };
}

/** Reads an effective date `YYYY-MM-DD` that names a real day. */
export function parseAsOf(value: string, name = 'asOf'): Parsed<string> {
  if (DATE_ONLY.test(value) && isRealDate(value)) return { ok: true, value };
  return { ok: false, message: `${name} "${value}" is not a date; use YYYY-MM-DD, e.g. 2025-03-01` };
}
