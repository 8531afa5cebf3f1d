import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, csvRecords } from '../src/csv';
import { listTar, tarHeader, tarStream } from '../src/tar';

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split(/\r?\n/)) yield line;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('CSV', () => {
  it('reads back fields with commas, quotes, line breaks and empty values exactly', async () => {
    const rows = [
      ['plain', 'with,comma', 'with "quotes"', '', 'two\nlines'],
      ['{"a":"b,c","d":"\\"x\\""}', 'x', '', '', ''],
    ];
    const text = rows.map(csvLine).join('');
    const read = await collect(csvRecords(linesOf(text.replace(/\r\n$/, ''))));
    expect(read).toEqual(rows);
  });

  it('refuses a file cut inside a quoted field', async () => {
    await expect(collect(csvRecords(linesOf('a,"open\nstill open')))).rejects.toThrow(/cut/);
  });
});

describe('ustar', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'asn-tar-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists files of any size, block-aligned or not, at the right offsets', async () => {
    const files = [
      { name: 'empty.txt', content: Buffer.alloc(0) },
      { name: 'block.bin', content: Buffer.alloc(512, 7) },
      { name: 'odd.txt', content: Buffer.from('x'.repeat(1000)) },
    ];
    const chunks = await collect(tarStream(files.map((f) => ({ ...f, size: f.content.length }))));
    const path = join(dir, 'a.tar');
    writeFileSync(path, Buffer.concat(chunks));
    const archive = readFileSync(path);
    const entries = listTar(path);
    expect(entries.map((e) => [e.name, e.size])).toEqual(files.map((f) => [f.name, f.content.length]));
    entries.forEach((entry, i) => {
      expect(archive.subarray(entry.offset, entry.offset + entry.size)).toEqual(files[i].content);
    });
    expect(archive.length % 512).toBe(0);
  });

  it('refuses a damaged header and a name over 100 bytes', () => {
    const header = tarHeader('events.ndjson', 3, 0);
    header[0] = 'x'.charCodeAt(0);
    const path = join(dir, 'bad.tar');
    writeFileSync(path, Buffer.concat([header, Buffer.alloc(512), Buffer.alloc(1024)]));
    expect(() => listTar(path)).toThrow(/damaged/);
    expect(() => tarHeader('n'.repeat(101), 0, 0)).toThrow(/longer than 100 bytes/);
  });
});
