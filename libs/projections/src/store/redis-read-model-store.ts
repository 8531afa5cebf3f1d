import { createClient } from 'redis';
import { encodeCommit, nativeCommands, scoreArg } from './commit-commands';
import { CommitConnection, RedisReplyError, type Reply } from './commit-connection';
import {
  CheckpointMovedError,
  type CommitBatch,
  type ReadModelStore,
  type StampedHash,
  type GrownHash,
  type StampedRead,
} from './read-model-store.port';

/**
 * One batch in one script: the guards are checked, then every write and the checkpoint are applied, then the
 * change is published. Redis runs a script atomically, so a batch is all there or not at all.
 * ARGV: guard count, guard values, optionally 'f' with the checkpoint field and value the batch follows (its
 * key is KEYS[guard count + 1]), then the commands, each on the next key of KEYS (a key used twice is listed
 * twice): 'H', field, value (one HSET field: most commands of a rebuild) or opcode, argument count, arguments.
 * Keys taken in order and the one-field form keep the arguments per event few: each one is encoded by the
 * client, parsed by Redis and copied into Lua.
 */
const COMMIT_SCRIPT = `
local call = redis.call
local g = tonumber(ARGV[1])
for i = 1, g do
  if call('GET', KEYS[i]) ~= ARGV[1 + i] then return 0 end
end
local a = g + 2
local k = g
if ARGV[a] == 'f' then
  local current = call('HGET', KEYS[g + 1], ARGV[a + 1]) or '0'
  if current ~= ARGV[a + 2] then return 2 end
  a = a + 3
  k = k + 1
end
local n = #ARGV
while a <= n do
  local op = ARGV[a]
  k = k + 1
  local key = KEYS[k]
  if op == 'H' then
    call('HSET', key, ARGV[a + 1], ARGV[a + 2])
    a = a + 3
  else
    local first = a + 2
    local last = a + 1 + tonumber(ARGV[a + 1])
    if op == 'h' then call('HSET', key, unpack(ARGV, first, last))
    elseif op == 's' then call('SADD', key, unpack(ARGV, first, last))
    elseif op == 'z' then call('ZADD', key, unpack(ARGV, first, last))
    elseif op == 'r' then call('ZREM', key, unpack(ARGV, first, last))
    elseif op == 'k' then call('SET', key, ARGV[first])
    elseif op == 'p' then call('PUBLISH', key, ARGV[first])
    end
    a = last + 1
  end
end
return 1
`;

/** Attempts of a transaction whose watched keys changed (a lease renewal) before it gives up. */
const MAX_TRANSACTION_ATTEMPTS = 10;

/** KEYS[1]: the stamps hash; KEYS[i]: an entity hash, ARGV[2i-3]: its stamp field, ARGV[2i-2]: the known stamp. */
const IF_CHANGED_SCRIPT = `
local out = {}
for i = 2, #KEYS do
  local stamp = redis.call('HGET', KEYS[1], ARGV[2 * i - 3]) or ''
  if stamp ~= '' and stamp == ARGV[2 * i - 2] then out[i - 1] = {stamp, 1}
  else out[i - 1] = {stamp, 0, redis.call('HGETALL', KEYS[i])} end
end
return out
`;

/** KEYS[i]: a hash whose fields are only ever added, ARGV[i]: its known field count ('' when none). */
const IF_GROWN_SCRIPT = `
local out = {}
for i = 1, #KEYS do
  local n = redis.call('HLEN', KEYS[i])
  if ARGV[i] ~= '' and n == tonumber(ARGV[i]) then out[i] = {n}
  else out[i] = {n, redis.call('HGETALL', KEYS[i])} end
end
return out
`;

/** Entities read per script: a cold load of a whole city does not block Redis in one long script. */
const IF_CHANGED_CHUNK = 1000;

const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const DELETE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

function clientFor(options: RedisReadModelStoreOptions) {
  return createClient({
    url: options.url,
    database: options.database,
    // While Redis is away, commands fail at once (a query answers 503) instead of waiting in a queue.
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
  });
}
type Client = ReturnType<typeof clientFor>;

export interface RedisReadModelStoreOptions {
  url: string;
  /** Database index (tests use their own). */
  database?: number;
}

/**
 * Read models in Redis through node-redis. Reads are pipelined; each batch is one Lua script, or (writes
 * encoded by a rebuild thread) one MULTI/EXEC under WATCH.
 */
export class RedisReadModelStore implements ReadModelStore {
  readonly kind = 'redis' as const;
  private readonly subscribers: Client[] = [];
  private commitSha: string | undefined;
  /** The transaction in progress on the commit connection (see commitInTransaction). */
  private transactions: Promise<unknown> = Promise.resolve();
  /** Commits go through their own connection when the URL allows it (see CommitConnection). */
  private readonly commits: CommitConnection | undefined;

  private constructor(
    private readonly client: Client,
    private readonly options: RedisReadModelStoreOptions,
  ) {
    this.commits = CommitConnection.forUrl(options.url, options.database);
  }

  static async connect(options: RedisReadModelStoreOptions): Promise<RedisReadModelStore> {
    const client = clientFor(options);
    // Errors surface on the commands; the client reconnects by itself (e.g. after a Redis restart).
    client.on('error', () => undefined);
    await client.connect();
    return new RedisReadModelStore(client, options);
  }

  /** Encoded writes go straight onto the commit connection (a `redis://` URL). */
  get takesEncodedCommands(): boolean {
    return this.commits !== undefined;
  }

  async commit(batch: CommitBatch): Promise<boolean> {
    if (batch.encoded) return this.commitInTransaction(batch);
    const { keys, args } = encodeCommit(batch);
    const result = Number(await this.evalCommit(keys, args));
    if (result === 2) throw new CheckpointMovedError(batch.follows!.value);
    return result === 1;
  }

  /**
   * A batch with encoded writes, as MULTI/EXEC of native commands: Redis spends about half the CPU per write
   * of the commit script (no copy of every argument into Lua and back). One batch at a time on the commit
   * connection (WATCH belongs to the connection).
   */
  private commitInTransaction(batch: CommitBatch): Promise<boolean> {
    const run = this.transactions.then(() => this.transaction(batch));
    this.transactions = run.catch(() => undefined);
    return run;
  }

  /**
   * The guards and the checkpoint are read under WATCH, then the writes go in MULTI/EXEC: EXEC applies nothing
   * if a watched key changed in between (another copy took the lease, a batch raced); a change that keeps the
   * guards (the lease renewed) only sends the batch again.
   */
  private async transaction(batch: CommitBatch): Promise<boolean> {
    const { guards, follows, encoded } = batch;
    if (!this.commits || !encoded || batch.publish)
      throw new Error('encoded writes need the commit connection, and no publish');
    const commits = this.commits;
    const watched = [...guards.map((g) => g.key), ...(follows ? [follows.key] : [])];
    const checks = guards.map((g) => ['GET', g.key]);
    if (follows) checks.push(['HGET', follows.key, follows.field]);
    const body = [['MULTI'], ...nativeCommands(batch.writes), encoded, ['EXEC']];
    for (let attempt = 1; ; attempt++) {
      if (watched.length > 0) {
        const values = (await commits.sendAll([['WATCH', ...watched], ...checks])).slice(1);
        if (guards.some((g, i) => values[i] !== g.value)) {
          await commits.sendAll([['UNWATCH']]);
          return false;
        }
        if (follows && (values[guards.length] ?? '0') !== follows.value) {
          await commits.sendAll([['UNWATCH']]);
          throw new CheckpointMovedError(follows.value);
        }
      }
      const exec = await commits.sendAllForLast(body);
      if (exec === null) {
        if (attempt < MAX_TRANSACTION_ATTEMPTS) continue;
        throw new Error(`the guards of a commit changed ${attempt} times while it was sent`);
      }
      const failed = (exec as Reply[]).find((reply) => reply instanceof RedisReplyError);
      if (failed) throw failed;
      return true;
    }
  }

  /**
   * The commit script by its SHA1, loaded once (a large batch has ~100k arguments: sent as one array, since
   * the client's EVAL helper spreads its arguments onto the call stack; the commit connection takes the
   * keys and arguments as they are).
   */
  private async evalCommit(keys: string[], args: string[]): Promise<unknown> {
    const command = (sha: string) => {
      const head = ['EVALSHA', sha, String(keys.length)];
      if (this.commits) return this.commits.send(head, keys, args);
      return this.client.sendCommand([...head, ...keys, ...args]);
    };
    if (this.commitSha === undefined) this.commitSha = String(await this.client.scriptLoad(COMMIT_SCRIPT));
    try {
      return await command(this.commitSha);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      // Redis restarted or its scripts were flushed: load it again.
      this.commitSha = String(await this.client.scriptLoad(COMMIT_SCRIPT));
      return command(this.commitSha);
    }
  }

  async get(keys: string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return (await this.pipeline(keys.map((k) => ['GET', k]))) as (string | null)[];
  }

  async hgetall(keys: string[]): Promise<Record<string, string>[]> {
    if (keys.length === 0) return [];
    const replies = await this.pipeline(keys.map((k) => ['HGETALL', k]));
    return replies.map(toRecord);
  }

  async hget(key: string, field: string): Promise<string | null> {
    return (await this.client.hGet(key, field)) ?? null;
  }

  async hmget(key: string, fields: string[]): Promise<(string | null)[]> {
    if (fields.length === 0) return [];
    return (await this.client.sendCommand(['HMGET', key, ...fields])) as (string | null)[];
  }

  async smembers(keys: string[]): Promise<string[][]> {
    if (keys.length === 0) return [];
    return (await this.pipeline(keys.map((k) => ['SMEMBERS', k]))) as string[][];
  }

  async zrangeAfter(key: string, after: string, limit: number): Promise<string[]> {
    const min = after === '' ? '-' : `(${after}`;
    return (await this.client.sendCommand([
      'ZRANGE',
      key,
      min,
      '+',
      'BYLEX',
      'LIMIT',
      '0',
      String(limit),
    ])) as string[];
  }

  async hgetallIfChanged(stampsKey: string, requests: StampedRead[]): Promise<StampedHash[]> {
    const chunks: Promise<unknown>[] = [];
    for (let i = 0; i < requests.length; i += IF_CHANGED_CHUNK) {
      const part = requests.slice(i, i + IF_CHANGED_CHUNK);
      const args: string[] = [];
      for (const r of part) args.push(r.field, r.known ?? '');
      chunks.push(
        this.client.eval(IF_CHANGED_SCRIPT, {
          keys: [stampsKey, ...part.map((r) => r.key)],
          arguments: args,
        }),
      );
    }
    const out: StampedHash[] = [];
    for (const reply of await Promise.all(chunks)) {
      for (const [stamp, same, flat] of reply as [string, number, unknown][]) {
        out.push({
          stamp: stamp === '' ? null : String(stamp),
          hash: Number(same) === 1 ? null : toRecord(flat),
        });
      }
    }
    return out;
  }

  async hgetallIfGrown(requests: { key: string; known: number | null }[]): Promise<GrownHash[]> {
    const chunks: Promise<unknown>[] = [];
    for (let i = 0; i < requests.length; i += IF_CHANGED_CHUNK) {
      const part = requests.slice(i, i + IF_CHANGED_CHUNK);
      chunks.push(
        this.client.eval(IF_GROWN_SCRIPT, {
          keys: part.map((r) => r.key),
          arguments: part.map((r) => (r.known === null ? '' : String(r.known))),
        }),
      );
    }
    const out: GrownHash[] = [];
    for (const reply of await Promise.all(chunks)) {
      for (const [fields, flat] of reply as [number, unknown?][]) {
        out.push({ fields: Number(fields), hash: flat === undefined ? null : toRecord(flat) });
      }
    }
    return out;
  }

  async zrangeAbove(requests: { key: string; above: number }[]): Promise<string[][]> {
    if (requests.length === 0) return [];
    return (await this.pipeline(
      requests.map(({ key, above }) => ['ZRANGEBYSCORE', key, `(${scoreArg(above)}`, '+inf']),
    )) as string[][];
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.client.set(key, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) ===
      'OK'
    );
  }

  async renewIfEqual(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (
      Number(await this.client.eval(RENEW_SCRIPT, { keys: [key], arguments: [value, String(ttlMs)] })) === 1
    );
  }

  async deleteIfEqual(key: string, value: string): Promise<boolean> {
    return Number(await this.client.eval(DELETE_SCRIPT, { keys: [key], arguments: [value] })) === 1;
  }

  async set(key: string, value: string): Promise<void> {
    await this.client.set(key, value);
  }

  async del(keys: string[]): Promise<void> {
    if (keys.length) await this.client.del(keys);
  }

  async dropPrefix(prefix: string): Promise<number> {
    let dropped = 0;
    for (const batch of await this.scan(prefix)) {
      await this.client.unlink(batch);
      dropped += batch.length;
    }
    return dropped;
  }

  async dump(prefix: string): Promise<Map<string, unknown>> {
    const keys = (await this.scan(prefix)).flat().sort();
    const types = (await this.pipeline(keys.map((k) => ['TYPE', k]))) as string[];
    const commands = types.map((t, i) => {
      const k = keys[i];
      if (t === 'hash') return ['HGETALL', k];
      if (t === 'set') return ['SMEMBERS', k];
      if (t === 'zset') return ['ZRANGE', k, '0', '-1', 'WITHSCORES'];
      return ['GET', k];
    });
    const values = await this.pipeline(commands);
    const out = new Map<string, unknown>();
    keys.forEach((k, i) => {
      const t = types[i];
      const v = values[i];
      let value: unknown = v;
      if (t === 'hash') {
        const record = toRecord(v);
        value = Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      } else if (t === 'set') value = [...(v as string[])].sort();
      else if (t === 'zset') {
        const flat = v as string[];
        const pairs: [string, number][] = [];
        for (let j = 0; j < flat.length; j += 2) pairs.push([flat[j], Number(flat[j + 1])]);
        value = pairs;
      }
      out.set(k.slice(prefix.length), value);
    });
    return out;
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const sub = this.client.duplicate();
    sub.on('error', () => undefined);
    await sub.connect();
    await sub.subscribe(channel, listener);
    this.subscribers.push(sub);
    return async () => {
      const i = this.subscribers.indexOf(sub);
      if (i >= 0) this.subscribers.splice(i, 1);
      await sub.unsubscribe(channel).catch(() => undefined);
      sub.destroy();
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.commits?.close();
    for (const sub of this.subscribers.splice(0)) sub.destroy();
    if (this.client.isOpen) this.client.destroy();
  }

  get url(): string {
    return this.options.url;
  }

  private async scan(prefix: string): Promise<string[][]> {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    const batches: string[][] = [];
    let cursor = '0';
    do {
      const reply = await this.client.scan(cursor, { MATCH: pattern, COUNT: 1000 });
      cursor = String(reply.cursor);
      if (reply.keys.length) batches.push(reply.keys);
    } while (cursor !== '0');
    return batches;
  }

  private async pipeline(commands: string[][]): Promise<unknown[]> {
    const multi = this.client.multi();
    for (const command of commands) multi.addCommand(command);
    return (await multi.execAsPipeline()) as unknown[];
  }
}

function toRecord(reply: unknown): Record<string, string> {
  if (!reply) return {};
  if (Array.isArray(reply)) {
    const out: Record<string, string> = {};
    for (let i = 0; i < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
    return out;
  }
  if (reply instanceof Map) return Object.fromEntries(reply) as Record<string, string>;
  return reply as Record<string, string>;
}
