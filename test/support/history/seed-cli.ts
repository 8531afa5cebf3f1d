import { join } from 'node:path';
import { HashChainedEventStore, SqliteEventStore } from '@asn/event-store';
import { seedHistory } from './seed';

/**
 * `npm run cli -- seed` with the full realistic history: drop-in for apps/cli/src/commands/seed.command.ts
 * (`export { run, summary } from '../../../../test/support/history/seed-cli';`).
 */
export const summary =
  'append a seeded, realistic city history (every command decided like the api): [--employees N] [--years N] [--instansi CODE] [--seed N] [--trainings-per-year X] [--absences-per-year X] [--work-arrangements-per-year X] [--out DIR]';

const USAGE = `usage: npm run cli -- seed [--employees 15000] [--years 5] [--instansi 3374] [--seed 3374]
    [--trainings-per-year X] [--absences-per-year X] [--work-arrangements-per-year X] [--out DIR]
  A Semarang-like instansi (OPD tree with bidang, seksi, puskesmas, kecamatan, kelurahan and schools; about one
  position per five employees), employees with valid NIPs and ranks, then N years of history: batch decrees of
  10-350 lines with rotation chains and promotions into vacancies, Plt on vacancies and their extensions, Plh for
  absences, redeployments (some annulled), rank promotions, separations and retirements, yearly intake, trainings
  and flexible work. Every command goes through the same decide as the api and is appended, hash-chained, to
  events.sqlite in --out (default DATA_DIR, else ./data). The same options give the same history.
  The per-year rates (per employee) set how dense the employee streams and the leave records are; without
  them a sparse default is used. The 1.2-million-event city of bench:projections:
    npm run cli -- seed --years 10 --trainings-per-year 4 --absences-per-year 3 --work-arrangements-per-year 0.5`;

/** A non-negative number option (a rate per employee and year), undefined when absent. */
function rate(args: string[], name: string): number | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${name} must be a non-negative number, got ${args[i + 1]}`);
  return value;
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a non-negative integer, got ${args[i + 1]}`);
  return value;
}

/** Exit codes: 0 seeded, 1 the store refused (e.g. not empty) or a command was refused, 2 usage error. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    const instansiAt = args.indexOf('--instansi');
    const instansi = instansiAt >= 0 ? args[instansiAt + 1] : process.env.INSTANSI?.trim() || '3374';
    if (!/^\d{4}$/.test(instansi ?? ''))
      throw new Error(`--instansi must be a 4-digit code such as 3374, got ${instansi}`);
    options = {
      employees: option(args, 'employees', 15_000),
      years: option(args, 'years', 5),
      seed: option(args, 'seed', 3374),
      instansi,
      trainingsPerYear: rate(args, 'trainings-per-year'),
      absencesPerYear: rate(args, 'absences-per-year'),
      workArrangementsPerYear: rate(args, 'work-arrangements-per-year'),
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
  const outAt = args.indexOf('--out');
  const dir = outAt >= 0 ? args[outAt + 1] : process.env.DATA_DIR?.trim() || './data';
  const file = join(dir, 'events.sqlite');
  const store = new HashChainedEventStore(new SqliteEventStore(file));
  let lastReport = 0;
  try {
    const result = await seedHistory(store, {
      ...options,
      onProgress: (s) => {
        if (s.staffingEvents + s.employeeEvents - lastReport < 50_000) return;
        lastReport = s.staffingEvents + s.employeeEvents;
        process.stderr.write(`  ${lastReport.toLocaleString('en')} events...\n`);
      },
    });
    process.stdout.write(
      `seeded ${file}: ${result.staffingEvents.toLocaleString('en')} events in staffing-${result.instansi}, ` +
        `${result.employeeEvents.toLocaleString('en')} in ${result.employeeStreams.toLocaleString('en')} employee streams ` +
        `(${result.decrees} decrees, largest ${result.largestDecree} lines; ${result.warnings} warnings) in ${result.seconds.toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`seed failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
