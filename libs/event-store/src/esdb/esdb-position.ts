import { START, type Position as EsdbPosition } from '@eventstore/db-client';
import { START_POSITION, type Position } from '../event-store.port';

/** The client hands out bigints on some paths and numbers on others: the port only ever sees "commit/prepare". */
export function toPortPosition(position: { commit: bigint | number; prepare: bigint | number }): Position {
  return `${BigInt(position.commit)}/${BigInt(position.prepare)}`;
}

/** START_POSITION means the start of `$all`; "commit" alone means commit = prepare. */
export function toEsdbPosition(position: Position): EsdbPosition | typeof START {
  if (position === START_POSITION) return START;
  const match = /^(\d+)(?:\/(\d+))?$/.exec(position);
  if (!match) {
    throw new Error(`position "${position}" is not an EventStoreDB position; expected "<commit>/<prepare>"`);
  }
  const commit = BigInt(match[1]);
  return { commit, prepare: match[2] === undefined ? commit : BigInt(match[2]) };
}
