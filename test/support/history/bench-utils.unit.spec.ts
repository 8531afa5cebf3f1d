import { maxOf, percentile } from './bench-utils';

describe('bench figures', () => {
  it('take the maximum of more latencies than a spread call can pass (a fast machine sends ~130,000 in 20 s)', () => {
    const latencies = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 1000);
    latencies[123_456] = 1234.5;
    expect(maxOf(latencies)).toBe(1234.5);
  });

  it('give 0 for no latencies', () => {
    expect(maxOf([])).toBe(0);
    expect(percentile([], 99)).toBe(0);
  });
});
