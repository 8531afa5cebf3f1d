import { randomUUID } from 'node:crypto';

/** The header that carries the correlation id in and out (and into every event's metadata). */
export const CORRELATION_HEADER = 'x-correlation-id';

/** What a caller may send: 1-128 characters that cannot break a log line or a header. */
const ACCEPTED = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

/** The caller's correlation id when it is well formed, else a new one (never echo arbitrary input). */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED.test(value) ? value : randomUUID();
}
