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

  send(args: readonly string[]): Promise<string | number> {
    const socket = this.socket ?? this.open();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(encode(args));
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
      socket.write(encode(command));
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
 * The command in RESP, in one buffer: one pass to size it, one to write it. Headers are written byte by byte
 * (a call to Buffer#write per header cost more than the arguments themselves).
 */
function encode(args: readonly string[]): Buffer {
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

const [ASTERISK, DOLLAR, CR, LF] = [42, 36, 13, 10];

/** `*<n>\r\n` or `$<n>\r\n`. */
const headerSize = (n: number): number => String(n).length + 3;

function writeHeader(buffer: Buffer, at: number, prefix: number, n: number): number {
  buffer[at++] = prefix;
  const digits = String(n);
  for (let i = 0; i < digits.length; i++) buffer[at++] = digits.charCodeAt(i);
  buffer[at++] = CR;
  buffer[at++] = LF;
  return at;
}
