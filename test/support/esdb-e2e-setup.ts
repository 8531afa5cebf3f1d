/**
 * Runs an e2e suite with the api on EventStoreDB: each test file gets a fresh protocol test server, and
 * EVENTSTORE_CONNECTION_STRING points the api at it (createApp reads it from the environment). With
 * EVENTSTORE_CONNECTION_STRING already set, the suite runs against that real server instead.
 */
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server/esdb-test-server';

const external = process.env.EVENTSTORE_CONNECTION_STRING;
/** Lets a test that only makes sense on the embedded store skip itself when the file is loaded. */
process.env.ASN_E2E_STORE = 'esdb';
let server: EsdbTestServer | undefined;

beforeAll(async () => {
  if (external) return;
  server = await startEsdbTestServer({ insecure: true });
  process.env.EVENTSTORE_CONNECTION_STRING = server.connectionString;
});

afterAll(async () => {
  if (external) return;
  delete process.env.EVENTSTORE_CONNECTION_STRING;
  await server?.stop();
});
