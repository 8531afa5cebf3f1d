import { closeSync, openSync, readSync } from 'node:fs';

/** A minimal POSIX ustar archive: regular files only, names up to 100 bytes, sizes under 8 GiB. */
const BLOCK = 512;

export interface TarFile {
  name: string;
  size: number;
  /** The bytes, as one buffer or as chunks that add up to `size`. */
  content: Buffer | AsyncIterable<Buffer>;
}

/** Where a file's bytes lie inside an archive. */
export interface TarEntry {
  name: string;
  offset: number;
  size: number;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

export function tarHeader(name: string, size: number, mtime: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar: file name "${name}" is longer than 100 bytes`);
  if (size >= 8 ** 11) throw new Error(`tar: file "${name}" is ${size} bytes; ustar holds at most 8 GiB`);
  const header = Buffer.alloc(BLOCK);
  nameBytes.copy(header, 0);
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write(octal(checksum(header), 7) + ' ', 148, 'ascii');
  return header;
}

/** Sum of the header's bytes with the checksum field counted as spaces. */
function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** The archive as a stream of chunks; each file's content is streamed, never held whole. */
export async function* tarStream(files: TarFile[], mtime = Date.now()): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield tarHeader(file.name, file.size, mtime);
    let written = 0;
    const chunks = Buffer.isBuffer(file.content) ? [file.content] : file.content;
    for await (const chunk of chunks) {
      written += chunk.length;
      yield chunk;
    }
    if (written !== file.size) {
      throw new Error(`tar: "${file.name}" announced ${file.size} bytes but gave ${written}`);
    }
    yield padding(file.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}

/** Lists the regular files of an archive on disk, checking every header's checksum. */
export function listTar(path: string): TarEntry[] {
  const fd = openSync(path, 'r');
  try {
    const entries: TarEntry[] = [];
    const header = Buffer.alloc(BLOCK);
    let offset = 0;
    while (true) {
      const read = readSync(fd, header, 0, BLOCK, offset);
      if (read < BLOCK)
        throw new Error(`tar: ${path} ends inside a header at byte ${offset}; the archive is cut`);
      if (header.every((byte) => byte === 0)) return entries;
      const stored = parseOctal(header, 148, 8);
      if (stored !== checksum(header)) throw new Error(`tar: header at byte ${offset} of ${path} is damaged`);
      const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const prefix = header.toString('utf8', 345, 500).replace(/\0.*$/s, '');
      const size = parseOctal(header, 124, 12);
      const type = String.fromCharCode(header[156]);
      if (type === '0' || type === '\0') {
        entries.push({ name: prefix ? `${prefix}/${name}` : name, offset: offset + BLOCK, size });
      }
      offset += BLOCK + size + padding(size).length;
    }
  } finally {
    closeSync(fd);
  }
}

function parseOctal(header: Buffer, start: number, length: number): number {
  const text = header
    .toString('ascii', start, start + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  return text === '' ? 0 : parseInt(text, 8);
}
