import { ProblemException } from '../errors/problem';

/** Reads the optional query parameters of the audit endpoints; a bad one is a 400 that names it. */
export function invalid(field: string, message: string): ProblemException {
  return new ProblemException('VALIDATION_FAILED', message, [{ code: 'invalid', message, field }]);
}

const POSITION = /^\d+(\/\d+)?$/;

export function positionParam(value: string | undefined, field = 'after'): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!POSITION.test(value)) {
    throw invalid(field, `${field} "${value}" is not a log position; use one the api returned, e.g. "42"`);
  }
  return value;
}

export function limitParam(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > max) {
    throw invalid('limit', `limit "${value}" must be a whole number from 1 to ${max}`);
  }
  return limit;
}

export function depthParam(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value) || Number(value) > 20) {
    throw invalid('depth', `depth "${value}" must be a whole number from 0 to 20`);
  }
  return Number(value);
}

/** `type=A,B` or `type=A&type=B`. */
export function typesParam(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const types = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).filter(Boolean);
  const bad = types.find((t) => !/^[A-Za-z][A-Za-z0-9_.-]{0,127}$/.test(t));
  if (bad !== undefined)
    throw invalid('type', `type "${bad}" is not an event type name, e.g. EmployeeReassigned`);
  return types.length ? types : undefined;
}
