/**
 * The projector worker (`npm run start:projector`): global log -> read models in Redis. Several copies may
 * run; one holds the lease and writes, the others wait and take over when it stops.
 */
import 'reflect-metadata';
import { describeReadModelStore, openReadModelStore, Projector } from '@asn/projections';
import { loadProjectorConfig } from './projector-config';
import { openEventStore } from './open-event-store';

async function main(): Promise<void> {
  const config = loadProjectorConfig();
  const { store: eventStore, description } = openEventStore(config);
  const store = await openReadModelStore(config.redisUrl);
  const log = (message: string) =>
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), context: 'Projector', message })}\n`,
    );
  log(`${description}; ${describeReadModelStore(config.redisUrl)}; instansi ${config.instansi}`);
  const projector = new Projector({
    eventStore,
    store,
    instansi: config.instansi,
    batchSize: config.batchSize,
    rebuildThreads: config.rebuildThreads,
    leaseTtlMs: config.leaseTtlMs,
    log,
  });
  projector.start();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: releasing the lease and stopping`);
    await projector.stop();
    await store.close();
    await eventStore.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `projector failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
