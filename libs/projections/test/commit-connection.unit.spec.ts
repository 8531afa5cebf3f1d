import { createServer, type Server, type Socket } from 'node:net';
import { CommitConnection, encodeCommandList, RedisReplyError } from '../src/store/commit-connection';

/** A stand-in for Redis: answers each command with the next scripted reply, and records what it got. */
function fakeRedis(replies: string[]): Promise<{ server: Server; port: number; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket: Socket) => {
    let writing = Promise.resolve();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received.push(chunk);
      // Commands written back to back can arrive in one chunk: one reply per command start.
      for (const _command of chunk.match(/(^|\r\n)\*\d+\r\n/g) ?? []) {
        const reply = replies.shift();
        if (reply === 'close') return void socket.destroy();
        if (reply?.startsWith('split:')) {
          // One byte per write, each on a later turn: the reply arrives in as many chunks (replies in order).
          const bytes = Buffer.from(reply.slice('split:'.length), 'utf8');
          for (let i = 0; i < bytes.length; i++)
            writing = writing.then(
              () =>
                new Promise<void>((done) =>
                  setTimeout(() => socket.write(bytes.subarray(i, i + 1), () => done()), 1),
                ),
            );
        } else if (reply !== undefined) writing = writing.then(() => void socket.write(reply));
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, received });
    }),
  );
}

describe('the commit connection', () => {
  it('writes RESP (UTF-8 lengths in bytes) and reads integer, status and error replies in order', async () => {
    const { server, port, received } = await fakeRedis([
      ':1\r\n',
      '+OK\r\n',
      '-NOSCRIPT No matching script\r\n',
    ]);
    const connection = CommitConnection.forUrl(`redis://127.0.0.1:${port}`)!;
    try {
      expect(await connection.send(['EVALSHA', 'abc', '0', 'Dewi Ayu Ç'])).toBe(1);
      expect(received[0]).toBe('*4\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n0\r\n$11\r\nDewi Ayu Ç\r\n');
      expect(await connection.send(['PING'])).toBe('OK');
      await expect(connection.send(['EVALSHA', 'x', '0'])).rejects.toThrow(RedisReplyError);
    } finally {
      connection.close();
      server.close();
    }
  });

  it('takes a command in parts, and sizes non-ASCII arguments (accents, emoji, lone surrogates) in bytes', async () => {
    const { server, port, received } = await fakeRedis([':1\r\n']);
    const connection = CommitConnection.forUrl(`redis://127.0.0.1:${port}`)!;
    const odd = `Siti 😀 é ${'\ud800'} ${'x'.repeat(20_000)}`;
    try {
      expect(await connection.send(['EVALSHA', 'abc', '1'], ['k:1'], ['H', odd])).toBe(1);
      const bytes = Buffer.byteLength(odd);
      expect(bytes).toBeGreaterThan(odd.length);
      expect(Buffer.from(received.join(''), 'utf8').toString('utf8')).toBe(
        `*6\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$3\r\nk:1\r\n$1\r\nH\r\n$${bytes}\r\n${odd.replace('\ud800', '\ufffd')}\r\n`,
      );
    } finally {
      connection.close();
      server.close();
    }
  });

  it('selects the database and authenticates first, fails at once when the connection drops, then reconnects', async () => {
    const { server, port, received } = await fakeRedis([
      '+OK\r\n',
      '+OK\r\n',
      'close',
      '+OK\r\n',
      '+OK\r\n',
      ':2\r\n',
    ]);
    const connection = CommitConnection.forUrl(`redis://user:p%40ss@127.0.0.1:${port}/14`)!;
    try {
      await expect(connection.send(['EVALSHA', 'a', '0'])).rejects.toThrow(/closed/);
      expect(await connection.send(['EVALSHA', 'b', '0'])).toBe(2);
      expect(received.join('')).toContain('*3\r\n$4\r\nAUTH\r\n$4\r\nuser\r\n$4\r\np@ss\r\n');
      expect(received.join('')).toContain('*2\r\n$6\r\nSELECT\r\n$2\r\n14\r\n');
    } finally {
      connection.close();
      server.close();
    }
  });

  it('is not used for TLS URLs', () => {
    expect(CommitConnection.forUrl('rediss://127.0.0.1:6380')).toBeUndefined();
  });

  it('writes commands encoded elsewhere back to back and reads bulk, null and array replies, split anywhere', async () => {
    const { server, port, received } = await fakeRedis([
      '+OK\r\n',
      'split:$2\r\nme\r\n',
      '$-1\r\n',
      '+OK\r\n',
      '+QUEUED\r\n',
      '+QUEUED\r\n',
      'split:*2\r\n:1\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n',
      '*-1\r\n',
    ]);
    const connection = CommitConnection.forUrl(`redis://127.0.0.1:${port}`)!;
    const encoded = encodeCommandList([
      ['HSET', 'k', 'nama', 'Dewi Ayu Ç 😀'],
      ['SADD', 's', 'x'],
    ]);
    expect(encoded.count).toBe(2);
    expect(Buffer.from(encoded.bytes).toString('utf8')).toBe(
      `*4\r\n$4\r\nHSET\r\n$1\r\nk\r\n$4\r\nnama\r\n$${Buffer.byteLength('Dewi Ayu Ç 😀')}\r\nDewi Ayu Ç 😀\r\n` +
        '*3\r\n$4\r\nSADD\r\n$1\r\ns\r\n$1\r\nx\r\n',
    );
    try {
      expect(
        await connection.sendAll([
          ['WATCH', 'l'],
          ['GET', 'l'],
          ['GET', 'm'],
        ]),
      ).toEqual(['OK', 'me', null]);
      // The EXEC's array holds one failed write: the whole reply is kept, the error is in it.
      const exec = await connection.sendAllForLast([['MULTI'], encoded, ['EXEC']]);
      expect(Array.isArray(exec) && exec[0]).toBe(1);
      expect(Array.isArray(exec) && exec[1]).toBeInstanceOf(RedisReplyError);
      expect(await connection.send(['EXEC'])).toBeNull();
      expect(Buffer.from(received.join(''), 'utf8').toString('utf8')).toContain(
        '*1\r\n$5\r\nMULTI\r\n*4\r\n$4\r\nHSET',
      );
    } finally {
      connection.close();
      server.close();
    }
  });
});
