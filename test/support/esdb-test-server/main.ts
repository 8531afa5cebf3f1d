/** `npm run esdb:test-server -- --port N [--host H] [--insecure] [--cert FILE --key FILE]`; SIGTERM stops it. */
import { parseArgs } from 'node:util';
import { startEsdbTestServer } from './esdb-test-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '2113' },
      host: { type: 'string', default: '127.0.0.1' },
      insecure: { type: 'boolean', default: false },
      cert: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port is "${values.port}"; give a port number from 0 to 65535`);
  }
  const server = await startEsdbTestServer({
    port,
    host: values.host,
    insecure: values.insecure,
    cert: values.cert,
    key: values.key,
  });
  console.log(
    `EventStoreDB test server (in-memory, test fixture only) listening: ${server.connectionString}`,
  );
  const stop = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
