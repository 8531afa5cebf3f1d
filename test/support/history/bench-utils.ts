/** Small helpers shared by the benchmarks in test/bench. */
import { readFileSync } from 'node:fs';

/** `--name value` from argv. */
export function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export const flag = (args: string[], name: string): boolean => args.includes(name);

/** The p-th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The largest of `values`, 0 for none; a loop, since `Math.max(...values)` overflows the stack past ~100,000. */
export function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/**
 * CPU time (user + system) used so far by a process, every thread, or by its main thread alone, from /proc
 * (10 ms ticks); undefined where there is no /proc.
 */
export function processCpuMs(pid: number | undefined, mainThread = false): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th (clock ticks, 100 per second).
    const path = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
    const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
