import type { Position } from './event-store.port';

/** Reads a position of an embedded store (memory, sqlite): a decimal string, "0" before the first event. */
export function parseSequencePosition(position: Position): number {
  if (!/^\d+$/.test(position)) {
    throw new Error(
      `position "${position}" does not belong to this store; embedded stores use decimal positions like "42"`,
    );
  }
  return Number(position);
}
