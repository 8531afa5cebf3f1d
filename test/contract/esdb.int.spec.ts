import { HashChainedEventStore } from '@asn/event-store';
import { EsdbEventStore } from '../../libs/event-store/src/esdb/esdb-event-store';
import { type EsdbTestServer, startEsdbTestServer } from '../support/esdb-test-server/esdb-test-server';
import { eventStoreContract } from './event-store.contract';

/** EVENTSTORE_CONNECTION_STRING set: the suite runs on that real node; otherwise on the protocol test server. */
const realNode = process.env.EVENTSTORE_CONNECTION_STRING;
const target = realNode ? 'EVENTSTORE_CONNECTION_STRING' : 'the EventStoreDB test server';
let server: EsdbTestServer | undefined;

async function connectionString(): Promise<string> {
  if (realNode) return realNode;
  server ??= await startEsdbTestServer({ insecure: true });
  return server.connectionString;
}

afterAll(async () => {
  await server?.stop();
});

eventStoreContract(
  `EsdbEventStore on ${target}`,
  async () => new EsdbEventStore({ connectionString: await connectionString() }),
);
eventStoreContract(
  `HashChainedEventStore over EsdbEventStore on ${target}`,
  async () => new HashChainedEventStore(new EsdbEventStore({ connectionString: await connectionString() })),
);
