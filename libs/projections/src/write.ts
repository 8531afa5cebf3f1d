/**
 * One read-model write. Every write sets a value that depends only on the event (never increments), so
 * applying an event twice changes nothing.
 */
export type ReadModelWrite =
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'sadd'; key: string; member: string }
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem'; key: string; member: string }
  | { op: 'set'; key: string; value: string };

export const hset = (key: string, field: string, value: unknown): ReadModelWrite => ({
  op: 'hset',
  key,
  field,
  value: typeof value === 'string' ? value : JSON.stringify(value),
});
export const sadd = (key: string, member: string): ReadModelWrite => ({ op: 'sadd', key, member });
export const zadd = (key: string, score: number, member: string): ReadModelWrite => ({
  op: 'zadd',
  key,
  score,
  member,
});
export const set = (key: string, value: unknown): ReadModelWrite => ({
  op: 'set',
  key,
  value: typeof value === 'string' ? value : JSON.stringify(value),
});
export const zrem = (key: string, member: string): ReadModelWrite => ({ op: 'zrem', key, member });
