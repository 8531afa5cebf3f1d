import { join } from 'node:path';
import { HashChainedEventStore, SqliteEventStore } from '@asn/event-store';
import { generateCity } from '../../../../test/support/synthetic/synthetic-city';

export const summary =
  'append a synthetic, rule-abiding city history to the embedded store: [--employees N] [--seed N] [--opd N]';

const USAGE = `usage: npm run cli -- seed [--employees 2000] [--seed 1] [--opd 10]
  Decides every command with the domain, so the history obeys the rules, and appends it to the SQLite store in
  DATA_DIR (default ./data), hash-chained like the api's own writes. Meant for an empty development store.`;

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
}

/** Exit codes: 0 seeded, 1 the store refused (e.g. not empty), 2 usage error. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    const opd = flag(args, 'opd', 10);
    options = {
      seed: flag(args, 'seed', 1),
      opd,
      bidangPerOpd: 4,
      employees: flag(args, 'employees', 2000),
      moveRounds: 2,
      trainingsPerEmployee: 2,
      bigUnitPositions: 50,
    };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (process.env.EVENTSTORE_CONNECTION_STRING) {
    process.stderr.write(
      'seed writes to the embedded SQLite store only; unset EVENTSTORE_CONNECTION_STRING\n',
    );
    return 2;
  }
  const file = join(process.env.DATA_DIR?.trim() || './data', 'events.sqlite');
  const store = new HashChainedEventStore(new SqliteEventStore(file));
  const started = performance.now();
  try {
    const city = await generateCity(store, options);
    process.stdout.write(
      `seeded ${city.events} events into ${file} (${city.history.state.employees.size} employees, ` +
        `${city.history.state.positions.size} positions) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`seed failed: ${(error as Error).message} (seed needs an empty store)\n`);
    return 1;
  } finally {
    await store.close();
  }
}
