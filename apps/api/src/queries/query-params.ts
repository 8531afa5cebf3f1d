import { isRealDate, type IsoDate } from '@asn/domain';
import { ProblemException } from '../errors/problem';
import { ID_MESSAGE, ID_PATTERN } from '../validation/id.pipe';

const invalid = (field: string, message: string): never => {
  throw new ProblemException('VALIDATION_FAILED', `${field} ${message}`, [
    { code: 'VALIDATION_FAILED', field, message: `${field} ${message}` },
  ]);
};

/** `asOf` (YYYY-MM-DD, a real date); today when absent. */
export function asOfParam(value: string | undefined, today: IsoDate): IsoDate {
  if (value === undefined || value === '') return today;
  if (!isRealDate(value)) invalid('asOf', `must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

export function intParam(
  field: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < min || n > max) {
    invalid(field, `must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export function idParam(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!ID_PATTERN.test(value)) invalid(field, ID_MESSAGE);
  return value;
}

export function formatParam(value: string | undefined): 'json' | 'csv' {
  if (value === undefined || value === '' || value === 'json') return 'json';
  if (value === 'csv') return 'csv';
  return invalid('format', `must be json or csv, got "${value}"`);
}

/** A global log position: "123" or "commit/prepare". */
export function positionParam(field: string, value: string): string {
  if (!/^\d{1,20}(\/\d{1,20})?$/.test(value))
    invalid(field, `must be a log position such as "42", got "${value}"`);
  return value;
}
