import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import {
  type EsdbTestServer,
  startEsdbTestServer,
} from '../../../../test/support/esdb-test-server/esdb-test-server';
import { ConcurrencyError, StoreUnavailableError } from '../errors';
import type { EventToAppend } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';

function anEvent(data: unknown = {}): EventToAppend {
  const id = randomUUID();
  const metadata = {
    eventId: id,
    commandId: id,
    correlationId: id,
    causationId: id,
    actor: 'esdb-adapter-test',
    recordedAt: new Date().toISOString(),
    schemaVersion: 1,
  };
  return { id, type: 'Tested', data, metadata };
}

describe('EsdbEventStore', () => {
  let server: EsdbTestServer;
  const stores: EsdbEventStore[] = [];
  const storeFor = (connectionString: string, streamPrefixes?: string[]): EsdbEventStore => {
    const store = new EsdbEventStore({ connectionString, streamPrefixes });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startEsdbTestServer({ insecure: true });
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await server.stop();
  });

  it('keeps positions as "commit/prepare" strings', async () => {
    const store = storeFor(server.connectionString);
    const { position } = await store.append(`pos-${randomUUID()}`, [anEvent()], 'no_stream');
    expect(position).toMatch(/^\d+\/\d+$/);
    expect(await store.headPosition()).toBe(position);
  });

  it('sees only the engine stream prefixes on $all, and never system events', async () => {
    const run = randomUUID();
    const engine = storeFor(server.connectionString, [`staffing${run}-`]);
    const start = await engine.headPosition();
    const stream = `staffing${run}-3374`;
    await engine.append(stream, [anEvent({ n: 1 })], 'no_stream');
    const before = await engine.headPosition();
    await engine.append(`outside${run}`, [anEvent({ n: 2 })], 'no_stream');
    const raw = EventStoreDBClient.connectionString(server.connectionString);
    await raw.tombstoneStream(stream);
    await raw.dispose();
    const read = await engine.readAll({ after: start });
    expect(read.map((event) => event.data)).toEqual([{ n: 1 }]);
    expect(await engine.headPosition()).toBe(before);
  });

  it('reports a refused append as a ConcurrencyError even when the client is told not to throw', async () => {
    const store = storeFor(`${server.connectionString}&throwOnAppendFailure=false`);
    const stream = `quiet-${randomUUID()}`;
    await store.append(stream, [anEvent(), anEvent(), anEvent()], 'no_stream');
    const refused = store.append(stream, [anEvent()], 0);
    await expect(refused).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(refused).rejects.toMatchObject({ stream, expected: 0, actual: 2 });
  });

  it('fails with StoreUnavailableError when nothing listens', async () => {
    const down = await startEsdbTestServer({ insecure: true });
    const { connectionString } = down;
    await down.stop();
    const store = storeFor(connectionString);
    await expect(store.append('x', [anEvent()], 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readStream('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
