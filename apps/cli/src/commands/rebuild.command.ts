import { openStoreOrExplain } from '@asn/audit';
import { controlKeys, openReadModelStore, Projector } from '@asn/projections';

export const summary =
  'rebuild the read models in Redis from the log into a new version, then switch readers to it [--timeout SECONDS]';

const USAGE = `usage: npm run cli -- rebuild [--timeout SECONDS]
  Builds the read models afresh into a new key version while the current one keeps answering, then flips the
  alias and drops the old keys. If a projector is running (it holds the lease), it is asked to do it; otherwise
  this command takes the lease and does it itself. Needs REDIS_URL (the in-process read models of an api
  without Redis are rebuilt at every start, or with POST /api/v1/admin/projections/rebuild).`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exit codes: 0 rebuilt, 1 failed or timed out, 2 usage or configuration error. */
export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const timeoutIndex = args.indexOf('--timeout');
  const timeoutSeconds = timeoutIndex >= 0 ? Number(args[timeoutIndex + 1]) : 600;
  const unknown = args.filter((a, i) => a !== '--timeout' && i !== timeoutIndex + 1);
  if (
    !(timeoutSeconds > 0) ||
    (timeoutIndex < 0 && args.length > 0) ||
    (timeoutIndex >= 0 && unknown.length > 0)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const redisUrl = process.env.REDIS_URL?.trim();
  if (!redisUrl) {
    process.stderr.write(
      'REDIS_URL is not set: set it to the Redis of the read models, e.g. redis://127.0.0.1:6379\n',
    );
    return 2;
  }
  const opened = openStoreOrExplain();
  if (!opened) return 2;
  const instansi = process.env.INSTANSI?.trim() || '3374';
  const control = controlKeys(instansi);
  const store = await openReadModelStore(redisUrl);
  const started = performance.now();
  const deadline = Date.now() + timeoutSeconds * 1000;
  try {
    const [alias, lease] = await store.get([control.alias, control.lease]);
    if (lease) {
      await store.set(control.rebuildRequest, new Date().toISOString());
      process.stdout.write(
        `a projector holds the lease: asked it to rebuild (live version ${alias ?? 'none'})\n`,
      );
      for (;;) {
        const [now] = await store.get([control.alias]);
        if (now !== alias) {
          process.stdout.write(
            `rebuilt: version ${now} is live (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
          );
          return 0;
        }
        if (Date.now() > deadline) {
          process.stderr.write(
            `no new version after ${timeoutSeconds} s; is the projector running and healthy?\n`,
          );
          return 1;
        }
        await sleep(200);
      }
    }
    const projector = new Projector({
      eventStore: opened.store,
      store,
      instansi,
      log: (message) => process.stdout.write(`${message}\n`),
    });
    projector.start();
    try {
      const result = await projector.rebuild();
      process.stdout.write(
        `rebuilt from ${opened.description}: version ${result.version} is live at position ${result.checkpoint} ` +
          `(${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
      );
      return 0;
    } finally {
      await projector.stop();
    }
  } catch (error) {
    process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close();
    await opened.store.close();
  }
}
