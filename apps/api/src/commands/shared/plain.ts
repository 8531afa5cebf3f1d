/**
 * A request DTO as plain data for the domain: no class instances, no undefined fields (they would reach the
 * log). The same value as `JSON.parse(JSON.stringify(dto))` (toJSON honoured, undefined and functions left
 * out of objects and null in arrays, non-finite numbers null), without writing and parsing the text.
 */
export const plain = <T>(dto: object): T => copy(dto) as T;

function copy(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null; // -0 + 0 is 0, as in JSON
  if (value === null || typeof value !== 'object') return value;
  const own = value as { toJSON?: unknown };
  if (typeof own.toJSON === 'function') return copy((own.toJSON as () => unknown).call(value));
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copy(value[i]);
      out[i] = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    if (item !== undefined && typeof item !== 'function' && typeof item !== 'symbol') out[key] = item;
  }
  return out;
}
