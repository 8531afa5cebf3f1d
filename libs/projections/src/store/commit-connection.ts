import { connect, type Socket } from 'node:net';
import type { EncodedCommands } from './read-model-store.port';

const CRLF = '\r\n';

/** An error reply of Redis (e.g. NOSCRIPT), as node-redis reports it: the message is the reply's text. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

/**
 * A reply as read here: status and bulk strings (read as latin1: only ASCII values are meaningful, which is
 * all a commit reads), integers, null, an error reply inside an array, arrays.
 */
export type Reply = string | number | null | RedisReplyError | Reply[];

/** Commands written, waiting for their replies: `count` of them (one for a single command). */
interface Pending {
  count: number;
  /** Every reply, in order (kept only for `sendAll`). */
  replies?: Reply[];
  /** The first error reply among them. */
  error?: RedisReplyError;
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/**
 * A connection of its own for the commit scripts. A batch is one EVALSHA with thousands of arguments: encoded
 * by the client library, each argument became several concatenated strings, flattened again when written,
 * and the whole batch survived young-generation collections on its way to the socket (a fifth of the
 * rebuild's CPU). Here it is written straight into one buffer. Only what the commit script answers is
 * understood (status, error and integer replies); replies come back in order, so batches can be pipelined.
 * Like the main client (no offline queue), a command fails at once when the connection is lost; the next
 * command connects again.
 */
export class CommitConnection {
  private socket: Socket | undefined;
  private readonly pending: Pending[] = [];
  private received = '';

  private constructor(
    private readonly host: string,
    private readonly port: number,
    /** AUTH and SELECT, sent first on every new connection. */
    private readonly setup: string[][],
  ) {}

  /** For plain `redis://` URLs; undefined otherwise (TLS, sockets: the caller keeps the main client). */
  static forUrl(url: string, database?: number): CommitConnection | undefined {
    const parsed = new URL(url);
    if (parsed.protocol !== 'redis:') return undefined;
    const setup: string[][] = [];
    if (parsed.password) {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      setup.push(user ? ['AUTH', user, password] : ['AUTH', password]);
    }
    const db = database ?? (Number(parsed.pathname.slice(1)) || 0);
    if (db !== 0) setup.push(['SELECT', String(db)]);
    return new CommitConnection(parsed.hostname || '127.0.0.1', Number(parsed.port) || 6379, setup);
  }

  /** One command: its arguments are the parts' (given in parts, so they need not be copied into one array). */
  send(...parts: CommandPart[]): Promise<Reply> {
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      this.pending.push({ count: 1, resolve, reject });
      socket.write(encode(parts));
    });
  }

  /**
   * Commands written back to back, some encoded already (`EncodedCommands`); resolves with every reply in
   * order, or rejects with the first error reply.
   */
  sendAll(commands: readonly (readonly string[] | EncodedCommands)[]): Promise<Reply[]> {
    return this.write(commands, true) as Promise<Reply[]>;
  }

  /** The same, resolving with the last reply only (a transaction's EXEC: its QUEUED replies are not kept). */
  sendAllForLast(commands: readonly (readonly string[] | EncodedCommands)[]): Promise<Reply> {
    return this.write(commands, false);
  }

  private write(commands: readonly (readonly string[] | EncodedCommands)[], keep: boolean): Promise<Reply> {
    const socket = this.socket ?? this.open();
    let count = 0;
    for (const command of commands) count += isCommandList(command) ? command.count : 1;
    const replies = new Promise<Reply>((resolve, reject) =>
      this.pending.push({ count, replies: keep ? [] : undefined, resolve, reject }),
    );
    socket.cork();
    for (const command of commands) socket.write(isCommandList(command) ? command.bytes : encode([command]));
    socket.uncork();
    return replies;
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
    this.fail(new Error('the commit connection was closed'));
  }

  private open(): Socket {
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    const lost = (error?: Error) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      socket.destroy();
      this.fail(error ?? new Error('the Redis connection closed'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    for (const command of this.setup) {
      this.pending.push({
        count: 1,
        resolve: () => undefined,
        reject: (error) => socket.destroy(error),
      });
      socket.write(encode([command]));
    }
    return socket;
  }

  private onData(chunk: string): void {
    this.received += chunk;
    let at = 0;
    for (;;) {
      const parsed = parseReply(this.received, at);
      if (!parsed) break;
      at = parsed.end;
      const waiting = this.pending[0];
      if (!waiting) continue;
      const { reply } = parsed;
      if (reply instanceof RedisReplyError) waiting.error ??= reply;
      waiting.replies?.push(reply);
      if (--waiting.count > 0) continue;
      this.pending.shift();
      if (waiting.error) waiting.reject(waiting.error);
      else waiting.resolve(waiting.replies ?? reply);
    }
    if (at > 0) this.received = this.received.slice(at);
  }

  private fail(error: Error): void {
    this.received = '';
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }
}

/** A part of a command's arguments. */
export type CommandPart = readonly string[];

/**
 * The command in RESP, in one buffer: one pass to size it, one to write it, one native call per argument.
 * Each argument's length is first taken in characters, which is its length in bytes when it is all ASCII
 * (nearly always: keys, positions, JSON of mostly Latin text); writing it says whether it was, since any other
 * character takes more bytes than characters. The buffer has room for any argument's UTF-8 wherever it starts
 * (at most three bytes per character), so no write is cut short. A command with other characters is encoded
 * again with the arguments' UTF-8 lengths. Headers are written byte by byte (a call to Buffer#write per
 * header cost more than the arguments themselves; strings concatenated per argument were a quarter of the
 * rebuild's allocations).
 */
function encode(parts: readonly CommandPart[]): Buffer {
  let count = 0;
  let size = 0;
  let longest = 0;
  for (const part of parts) {
    count += part.length;
    const measured = measure(part);
    size += measured.size;
    if (measured.longest > longest) longest = measured.longest;
  }
  const buffer = Buffer.allocUnsafe(headerSize(count) + size + 2 * longest);
  let at = writeHeader(buffer, 0, ASTERISK, count);
  for (const part of parts) {
    at = writeArgs(buffer, at, part);
    if (at < 0) return encodeUtf8(parts, count);
  }
  return buffer.subarray(0, at);
}

/** The command with each argument's length in UTF-8 bytes. */
function encodeUtf8(parts: readonly CommandPart[], count: number): Buffer {
  let size = headerSize(count);
  for (const part of parts) size += measureUtf8(part);
  const buffer = Buffer.allocUnsafe(size);
  let at = writeHeader(buffer, 0, ASTERISK, count);
  for (const part of parts) at = writeArgsUtf8(buffer, at, part);
  return buffer;
}

/** Bytes of the arguments as bulk strings if they are all ASCII, and the longest one in characters. */
function measure(args: readonly string[]): { size: number; longest: number } {
  let size = 0;
  let longest = 0;
  for (let i = 0; i < args.length; i++) {
    const length = args[i].length;
    size += headerSize(length) + length + 2;
    if (length > longest) longest = length;
  }
  return { size, longest };
}

function measureUtf8(args: readonly string[]): number {
  let size = 0;
  for (let i = 0; i < args.length; i++) {
    const length = Buffer.byteLength(args[i]);
    size += headerSize(length) + length + 2;
  }
  return size;
}

/** Writes the arguments as bulk strings taking their lengths in characters; -1 if one was not ASCII. */
function writeArgs(buffer: Buffer, at: number, args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    at = writeHeader(buffer, at, DOLLAR, arg.length);
    if (buffer.write(arg, at, 'utf8') !== arg.length) return -1;
    at += arg.length;
    buffer[at++] = CR;
    buffer[at++] = LF;
  }
  return at;
}

function writeArgsUtf8(buffer: Buffer, at: number, args: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    at = writeHeader(buffer, at, DOLLAR, Buffer.byteLength(args[i]));
    at += buffer.write(args[i], at);
    buffer[at++] = CR;
    buffer[at++] = LF;
  }
  return at;
}

/**
 * One whole reply starting at `at`, and where it ends; undefined while it has not all arrived. An error reply
 * is returned as a RedisReplyError (the caller rejects with it, or finds it in an EXEC's array).
 */
function parseReply(text: string, at: number): { reply: Reply; end: number } | undefined {
  const lineEnd = text.indexOf(CRLF, at);
  if (lineEnd < 0) return undefined;
  const kind = text[at];
  const line = text.slice(at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (kind) {
    case '+':
      return { reply: line, end: next };
    case '-':
      return { reply: new RedisReplyError(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, end: next };
      if (text.length < next + length + 2) return undefined;
      return { reply: text.slice(next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, end: next };
      const items: Reply[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(text, end);
        if (!item) return undefined;
        items.push(item.reply);
        end = item.end;
      }
      return { reply: items, end };
    }
    default:
      return { reply: new RedisReplyError(`unexpected reply: ${text.slice(at, at + 40)}`), end: next };
  }
}

/**
 * Whole commands in RESP, back to back (e.g. encoded by the thread that projected them), and how many: each
 * one has its reply.
 */
export function encodeCommandList(commands: readonly (readonly string[])[]): EncodedCommands {
  let size = 0;
  let longest = 0;
  for (const command of commands) {
    const measured = measure(command);
    size += headerSize(command.length) + measured.size;
    if (measured.longest > longest) longest = measured.longest;
  }
  const buffer = Buffer.allocUnsafeSlow(size + 2 * longest);
  let at = 0;
  for (const command of commands) {
    at = writeHeader(buffer, at, ASTERISK, command.length);
    at = writeArgs(buffer, at, command);
    if (at < 0) break;
  }
  if (at >= 0) return { bytes: buffer.subarray(0, at), count: commands.length };
  let exact = 0;
  for (const command of commands) exact += headerSize(command.length) + measureUtf8(command);
  const utf8 = Buffer.allocUnsafeSlow(exact);
  at = 0;
  for (const command of commands) {
    at = writeHeader(utf8, at, ASTERISK, command.length);
    at = writeArgsUtf8(utf8, at, command);
  }
  return { bytes: utf8, count: commands.length };
}

const isCommandList = (command: readonly string[] | EncodedCommands): command is EncodedCommands =>
  !Array.isArray(command);

const [ASTERISK, DOLLAR, CR, LF, ZERO] = [42, 36, 13, 10, 48];

const digits = (n: number): number =>
  n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 10_000 ? 4 : n < 100_000 ? 5 : String(n).length;

/** `*<n>\r\n` or `$<n>\r\n`. */
const headerSize = (n: number): number => digits(n) + 3;

function writeHeader(buffer: Buffer, at: number, prefix: number, n: number): number {
  buffer[at++] = prefix;
  const end = at + digits(n);
  for (let i = end - 1; i >= at; i--) {
    buffer[i] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  }
  buffer[end] = CR;
  buffer[end + 1] = LF;
  return end + 2;
}
