import { isIsoDate } from './is-iso-date.validator';
import { nipShapeProblem } from './is-nip.validator';

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2025-12-31', '1985-03-15'])('accepts the real day %s', (d) =>
    expect(isIsoDate(d)).toBe(true),
  );
  it.each([
    '2023-02-29',
    '2023-02-30',
    '2025-13-01',
    '2025-04-31',
    '2025-1-01',
    '20250101',
    '',
    20250101,
    null,
  ])('refuses %p', (d) => expect(isIsoDate(d)).toBe(false));
});

describe('nipShapeProblem', () => {
  it('says how many digits a short NIP has', () => {
    expect(nipShapeProblem('19850315201001100')).toBe('NIP 19850315201001100 has 17 digits; a NIP has 18');
    expect(nipShapeProblem('19850315 201001100')).toMatch(/digits only/);
    expect(nipShapeProblem('198503152010011001')).toBeUndefined();
  });
});
