import { parseAsOf, parseKnownAt } from '../src/known-at';

describe('reading asOf and knownAt', () => {
  it('knownAt takes an ISO time with a zone, or a date meaning the end of that day in UTC', () => {
    expect(parseKnownAt('2025-03-01T08:00:00Z')).toEqual({
      ok: true,
      value: Date.parse('2025-03-01T08:00:00Z'),
    });
    expect(parseKnownAt('2025-03-01T15:00:00.5+07:00')).toEqual({
      ok: true,
      value: Date.parse('2025-03-01T08:00:00.500Z'),
    });
    expect(parseKnownAt('2025-03-01')).toEqual({ ok: true, value: Date.parse('2025-03-01T23:59:59.999Z') });
  });

  it('knownAt without a zone, or on a day that does not exist, is refused with an example', () => {
    for (const bad of ['2025-03-01T08:00:00', '2025-02-30T00:00:00Z', 'now', '']) {
      const parsed = parseKnownAt(bad);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toContain('e.g. 2025-03-01T08:00:00Z');
    }
  });

  it('asOf is a real calendar date', () => {
    expect(parseAsOf('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseAsOf('2025-02-29').ok).toBe(false);
    expect(parseAsOf('2025-3-1').ok).toBe(false);
  });
});
