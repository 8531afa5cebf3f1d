import type { Position } from './event-store.port';

function parts(position: Position): [bigint, bigint] {
  const [commit, prepare] = position.split('/');
  const c = BigInt(commit);
  return [c, prepare === undefined ? c : BigInt(prepare)];
}

/** Orders positions of either form ("123" or "commit/prepare"); negative when a is before b. */
export function comparePositions(a: Position, b: Position): number {
  const [ac, ap] = parts(a);
  const [bc, bp] = parts(b);
  if (ac !== bc) return ac < bc ? -1 : 1;
  if (ap !== bp) return ap < bp ? -1 : 1;
  return 0;
}
