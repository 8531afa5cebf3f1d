import { ProblemException } from '../errors/problem';

/** The body of an Answer, or 404 naming what was not found. */
export function found<T>(body: T | undefined | null, what: string): T {
  if (body === undefined || body === null) throw new ProblemException('NOT_FOUND', `${what} does not exist`);
  return body;
}
