/**
 * A child api that loads its code first and starts only when told: the fault harness keeps one warm while
 * the previous child serves, so a restart after `kill -9` costs Nest's start-up, not module loading.
 * It runs the real entry point (apps/api/src/main.ts) unchanged, with the environment it was spawned with.
 * Protocol: prints "loaded" once the code is in memory; a line "start" on stdin runs main.ts.
 */
import { createInterface } from 'node:readline';
import '../../../apps/api/src/bootstrap';

process.stdout.write('loaded\n');
const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  if (line.trim() !== 'start') process.exit(2);
  lines.close();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../../apps/api/src/main');
});
process.stdin.once('end', () => process.exit(0));
