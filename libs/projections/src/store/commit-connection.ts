import { connect, type Socket } from 'node:net';

const CRLF = '\r\n';

/** An error reply of Redis (e.g. NOSCRIPT), as node-redis reports it: the message is the reply's text. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

interface Pending {
  resolve: (reply: string | number) => void;
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
  send(...parts: (readonly string[])[]): Promise<string | number> {
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(encode(parts));
    });
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
        resolve: () => undefined,
        reject: (error) => socket.destroy(error),
      });
      socket.write(encode([command]));
    }
    return socket;
  }

  private onData(chunk: string): void {
    this.received += chunk;
    let end: number;
    while ((end = this.received.indexOf(CRLF)) >= 0) {
      const line = this.received.slice(0, end);
      this.received = this.received.slice(end + 2);
      const waiting = this.pending.shift();
      if (!waiting) continue;
      const kind = line[0];
      const text = line.slice(1);
      if (kind === ':') waiting.resolve(Number(text));
      else if (kind === '+') waiting.resolve(text);
      else if (kind === '-') waiting.reject(new RedisReplyError(text));
      else waiting.reject(new Error(`unexpected reply to a commit: ${line.slice(0, 40)}`));
    }
  }

  private fail(error: Error): void {
    this.received = '';
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }
}

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
function encode(parts: readonly (readonly string[])[]): Buffer {
  let count = 0;
  let size = 0;
  let longest = 0;
  for (const args of parts) {
    count += args.length;
    for (let i = 0; i < args.length; i++) {
      const length = args[i].length;
      size += headerSize(length) + length + 2;
      if (length > longest) longest = length;
    }
  }
  const buffer = Buffer.allocUnsafe(headerSize(count) + size + 2 * longest);
  let at = writeHeader(buffer, 0, ASTERISK, count);
  for (const args of parts) {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      at = writeHeader(buffer, at, DOLLAR, arg.length);
      if (buffer.write(arg, at, 'utf8') !== arg.length) return encodeUtf8(parts.flat());
      at += arg.length;
      buffer[at++] = CR;
      buffer[at++] = LF;
    }
  }
  return buffer.subarray(0, at);
}

/** The command with each argument's length in UTF-8 bytes. */
function encodeUtf8(args: readonly string[]): Buffer {
  const lengths = new Array<number>(args.length);
  let size = headerSize(args.length);
  for (let i = 0; i < args.length; i++) {
    const length = Buffer.byteLength(args[i]);
    lengths[i] = length;
    size += headerSize(length) + length + 2;
  }
  const buffer = Buffer.allocUnsafe(size);
  let at = writeHeader(buffer, 0, ASTERISK, args.length);
  for (let i = 0; i < args.length; i++) {
    at = writeHeader(buffer, at, DOLLAR, lengths[i]);
    at += buffer.write(args[i], at);
    buffer[at++] = CR;
    buffer[at++] = LF;
  }
  return buffer;
}

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
