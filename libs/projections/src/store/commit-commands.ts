import { encodeCommandList } from './commit-connection';
import type { CommitBatch, EncodedCommands } from './read-model-store.port';
import type { ReadModelWrite } from '../write';

// Read-model writes as Redis commands: the commit script's KEYS and ARGV (the live projector's batches), or
// native commands in RESP (a rebuild thread's batches). No Redis client here: a rebuild thread loads this.

/** Lua's unpack has a C-stack limit near 8,000 values; longer argument lists are split. */
const MAX_ARGS_PER_COMMAND = 4000;

const OPCODE = { hset: 'h', sadd: 's', zadd: 'z', zrem: 'r' } as const;

interface Group {
  op: string;
  key: string;
  values: string[];
}

/**
 * Groups the batch's writes per key and operation (a key written by several events of the batch becomes one
 * command) and lays them out as the commit script's KEYS and ARGV, in one pass with one map per operation.
 */
export function encodeCommit(batch: CommitBatch): { keys: string[]; args: string[] } {
  const keys = batch.guards.map((g) => g.key);
  const args = [String(batch.guards.length), ...batch.guards.map((g) => g.value)];
  if (batch.follows) {
    keys.push(batch.follows.key);
    args.push('f', batch.follows.field, batch.follows.value);
  }
  pushCommands(keys, args, batch.writes);
  if (batch.publish)
    pushGroup(keys, args, { op: 'p', key: batch.publish.channel, values: [batch.publish.message] });
  return { keys, args };
}

/**
 * Writes as native commands (HSET, SADD, ZADD, ZREM, SET; one per key and operation), encoded for
 * `CommitBatch.encoded`: a projection thread encodes its batch's writes, the thread that commits adds its
 * guards and checkpoint.
 */
export function encodeCommands(writes: readonly ReadModelWrite[]): EncodedCommands {
  return encodeCommandList(nativeCommands(writes));
}

const COMMAND: Record<string, string> = { h: 'HSET', s: 'SADD', z: 'ZADD', r: 'ZREM', k: 'SET' };

export function nativeCommands(writes: readonly ReadModelWrite[]): string[][] {
  return groupWrites(writes).map(({ op, key, values }) => [COMMAND[op], key, ...values]);
}

function pushCommands(keys: string[], args: string[], writes: readonly ReadModelWrite[]): void {
  for (const group of groupWrites(writes)) pushGroup(keys, args, group);
}

/** The writes per key and operation, in the order of each group's first write; SETs stay one each. */
function groupWrites(writes: readonly ReadModelWrite[]): Group[] {
  const groups = { h: new Map<string, Group>(), s: new Map(), z: new Map(), r: new Map() };
  const order: Group[] = [];
  for (const write of writes) {
    if (write.op === 'set') {
      order.push({ op: 'k', key: write.key, values: [write.value] });
      continue;
    }
    const op = OPCODE[write.op];
    const byKey: Map<string, Group> = groups[op];
    let group = byKey.get(write.key);
    if (!group) {
      group = { op, key: write.key, values: [] };
      byKey.set(write.key, group);
      order.push(group);
    }
    pushValues(group.values, write);
  }
  return order;
}

/** A group as one command of the script, or several when it has too many values for Lua's unpack. */
function pushGroup(keys: string[], args: string[], { op, key, values }: Group): void {
  if (op === 'h' && values.length === 2) {
    keys.push(key);
    args.push('H', values[0], values[1]);
    return;
  }
  const width = op === 'h' || op === 'z' ? 2 : 1;
  const chunk = MAX_ARGS_PER_COMMAND - (MAX_ARGS_PER_COMMAND % width);
  for (let i = 0; i < values.length; i += chunk) {
    const end = Math.min(values.length, i + chunk);
    keys.push(key);
    args.push(op, String(end - i));
    for (let j = i; j < end; j++) args.push(values[j]);
  }
}

function pushValues(values: string[], write: ReadModelWrite): void {
  switch (write.op) {
    case 'hset':
      values.push(write.field, write.value);
      break;
    case 'sadd':
    case 'zrem':
      values.push(write.member);
      break;
    case 'zadd':
      values.push(scoreArg(write.score), write.member);
      break;
  }
}

export const scoreArg = (score: number): string =>
  score === Infinity ? '+inf' : score === -Infinity ? '-inf' : String(score);
