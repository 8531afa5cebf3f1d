/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(fields: (string | number | null)[]): string {
  return fields.map((f) => csvField(f === null ? '' : String(f))).join(',') + '\r\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Splits lines into CSV records: a record continues over line breaks while a quoted field is open
 * (an odd number of quotes so far).
 */
export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<string[]> {
  let pending: string | null = null;
  for await (const line of lines) {
    const text: string = pending === null ? line : `${pending}\n${line}`;
    if ((text.match(/"/g)?.length ?? 0) % 2 === 1) {
      pending = text;
      continue;
    }
    pending = null;
    yield parseRecord(text);
  }
  if (pending !== null) throw new Error('CSV ends inside a quoted field; the file is cut');
}

function parseRecord(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (true) {
    if (text[i] === '"') {
      let value = '';
      i += 1;
      while (true) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error(`CSV record has an unclosed quote: ${text.slice(0, 80)}`);
        value += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = text.indexOf(',', i);
      fields.push(text.slice(i, comma < 0 ? text.length : comma));
      i = comma < 0 ? text.length : comma;
    }
    if (i >= text.length) return fields;
    if (text[i] !== ',') throw new Error(`CSV record has text after a quoted field: ${text.slice(0, 80)}`);
    i += 1;
  }
}
