import { checkIdentityNumber } from '@asn/domain';
import { nipFor, niPppkFor, nthNip } from './nip';
import { parseDuration } from './tokens';

describe('NIP builders', () => {
  it('builds NIPs the domain accepts, with birth date and sex encoded', () => {
    const nip = nipFor({ birthDate: '1990-07-04', cpnsStart: '2015-03', sex: 'F', serial: 12 });
    expect(nip).toBe('199007042015032012');
    expect(checkIdentityNumber(nip, 'PNS', '2025-01-01')).toEqual({
      ok: true,
      facts: { birthDate: '1990-07-04', sex: 'F' },
    });
    expect(checkIdentityNumber(niPppkFor(), 'PPPK', '2025-01-01').ok).toBe(true);
  });

  it('gives distinct valid NIPs by index', () => {
    const nips = Array.from({ length: 3000 }, (_, i) => nthNip(i));
    expect(new Set(nips).size).toBe(3000);
    expect(nips.every((n) => checkIdentityNumber(n, 'PNS', '2025-01-01').ok)).toBe(true);
  });

  it('parses token lifetimes', () => {
    expect([parseDuration('90'), parseDuration('30m'), parseDuration('8h'), parseDuration('7d')]).toEqual([
      90, 1800, 28800, 604800,
    ]);
    expect(() => parseDuration('soon')).toThrow(/not understood/);
  });
});
