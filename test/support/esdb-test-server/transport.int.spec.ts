import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import {
  AccessDeniedError,
  CancelledError,
  convertToCommandError,
  EventStoreDBClient,
  UnavailableError,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { parseUUID } from '@eventstore/db-client/dist/utils/grpcUUID';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server';
import { anEvent, drain, eventually, numbered, rejection, uniqueStream } from './spec-helpers';

describe('TLS and basic authentication', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esdb-test-server-tls-'));
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  let server: EsdbTestServer;
  const clients: EventStoreDBClient[] = [];
  const connect = (connectionString: string): EventStoreDBClient => {
    const client = EventStoreDBClient.connectionString(connectionString);
    clients.push(client);
    return client;
  };
  const secured = (userInfo = ''): string => server.connectionString.replace('esdb://', `esdb://${userInfo}`);

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    server = await startEsdbTestServer({ host: 'localhost', cert, key });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a TLS client that trusts the certificate, with a known user or anonymously', async () => {
    expect(server.connectionString).toMatch(/^esdb:\/\/localhost:\d+\?tls=true&tlsCAFile=/);
    const stream = uniqueStream();
    await connect(secured('admin:changeit@')).appendToStream(stream, numbered(1));
    await connect(secured('ops:changeit@')).appendToStream(stream, numbered(1));
    expect(await drain(connect(secured()).readStream(stream))).toHaveLength(2);
  });

  it('refuses wrong credentials with AccessDenied, on the default and on per-call credentials', async () => {
    const stream = uniqueStream();
    const wrong = connect(secured('admin:wrong@'));
    expect(await rejection(wrong.appendToStream(stream, numbered(1)))).toBeInstanceOf(AccessDeniedError);
    expect(await rejection(drain(wrong.readStream(stream)))).toBeInstanceOf(AccessDeniedError);
    const anonymous = connect(secured());
    const perCall = { credentials: { username: 'nobody', password: 'changeit' } };
    expect(await rejection(anonymous.appendToStream(stream, numbered(1), perCall))).toBeInstanceOf(
      AccessDeniedError,
    );
    expect(await rejection(anonymous.deleteStream(stream, perCall))).toBeInstanceOf(AccessDeniedError);
  });

  it('is unreachable for a client that does not trust the certificate or does not speak TLS', async () => {
    const untrusted = connect(server.connectionString.replace(/&tlsCAFile=.*$/, ''));
    expect(await rejection(drain(untrusted.readAll({ maxCount: 1 })))).toBeInstanceOf(UnavailableError);
    const plain = connect(`esdb://127.0.0.1:${server.port}?tls=false`);
    expect(await rejection(drain(plain.readAll({ maxCount: 1 })))).toBeInstanceOf(UnavailableError);
  });
});

describe('ServerFeatures.GetSupportedMethods', () => {
  const supportedMethods = async (server: EsdbTestServer): Promise<SupportedMethods> => {
    const client = new ServerFeaturesClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
    try {
      return await new Promise((resolve, reject) =>
        client.getSupportedMethods(new Empty(), (error, methods) =>
          error ? reject(error) : resolve(methods),
        ),
      );
    } finally {
      client.close();
    }
  };

  it('reports a server of at least 23.10 with its streams methods, BatchAppend only when enabled', async () => {
    const [withBatch, withoutBatch] = await Promise.all([
      startEsdbTestServer({ insecure: true }),
      startEsdbTestServer({ insecure: true, batchAppend: false }),
    ]);
    try {
      const methods = async (server: EsdbTestServer) =>
        (await supportedMethods(server))
          .getMethodsList()
          .map((m) => `${m.getServiceName()}/${m.getMethodName()}`);
      const reply = await supportedMethods(withBatch);
      const [major, minor] = reply.getEventStoreServerVersion().split('.').map(Number);
      expect(major * 100 + minor).toBeGreaterThanOrEqual(2310);
      expect(await methods(withBatch)).toContain('event_store.client.streams.Streams/batchappend');
      expect(await methods(withoutBatch)).not.toContain('event_store.client.streams.Streams/batchappend');
      expect(await methods(withoutBatch)).toContain('event_store.client.streams.Streams/append');
      const client = EventStoreDBClient.connectionString(withoutBatch.connectionString);
      await client.appendToStream('through-append', numbered(2));
      expect(await drain(client.readStream('through-append'))).toHaveLength(2);
      await client.dispose();
    } finally {
      await Promise.all([withBatch.stop(), withoutBatch.stop()]);
    }
  });
});

describe('the server lifecycle', () => {
  it('starts with fresh state every time', async () => {
    const first = await startEsdbTestServer({ insecure: true });
    const client = EventStoreDBClient.connectionString(first.connectionString);
    await client.appendToStream('only-in-first', numbered(1));
    await client.dispose();
    await first.stop();
    const second = await startEsdbTestServer({ insecure: true });
    const fresh = EventStoreDBClient.connectionString(second.connectionString);
    await expect(drain(fresh.readStream('only-in-first'))).rejects.toThrow(/not found/);
    await fresh.dispose();
    await second.stop();
  });

  it('keeps its state across dropConnections, and refuses connections while it is down', async () => {
    const server = await startEsdbTestServer({ insecure: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const first = await client.appendToStream('kept', numbered(2));
    await server.dropConnections(async () => {
      // The cached BatchAppend stream was cancelled under it; a new channel then finds nothing listening.
      const errors = [await rejection(client.appendToStream('kept', numbered(1)))];
      errors.push(await rejection(client.appendToStream('kept', numbered(1))));
      expect(errors[0]).toBeInstanceOf(CancelledError);
      // The client's server-features probe passes the raw gRPC error on (code 14, UNAVAILABLE).
      expect(convertToCommandError(errors[1] as Error)).toBeInstanceOf(UnavailableError);
    });
    const second = await client.appendToStream('kept', numbered(1, 2), { expectedRevision: 1n });
    expect(second.position!.commit).toBeGreaterThan(first.position!.commit);
    expect(await drain(client.readStream('kept'))).toHaveLength(3);
    await client.dispose();
    await server.stop();
  });

  it('cancels open subscriptions when it stops', async () => {
    const server = await startEsdbTestServer({ insecure: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const subscription = client.subscribeToAll();
    let failure: unknown;
    subscription.on('data', (_resolved: ResolvedEvent) => undefined);
    subscription.on('error', (error) => (failure = error));
    await once(subscription, 'caughtUp');
    await server.stop();
    await eventually(() => expect(failure).toBeDefined());
    await client.dispose();
  });

  it('answers structured UUIDs when a reader asks for them', async () => {
    const server = await startEsdbTestServer({ insecure: true });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    const event = anEvent();
    await client.appendToStream('structured', event);
    const raw = new StreamsClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
    const options = new ReadReq.Options()
      .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
      .setCount('1000')
      .setNoFilter(new Empty())
      .setUuidOption(new ReadReq.Options.UUIDOption().setStructured(new Empty()));
    const responses: ReadResp[] = await drain(raw.read(new ReadReq().setOptions(options)));
    const ids = responses.map((response) => response.getEvent()!.getEvent()!.getId()!);
    expect(ids.every((id) => id.hasStructured())).toBe(true);
    expect(ids.map(parseUUID)).toContain(event.id);
    raw.close();
    await client.dispose();
    await server.stop();
  });
});

describe('npm run esdb:test-server', () => {
  it('prints its connection string, serves clients and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(__dirname, 'main.ts'), '--port', '0', '--insecure'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => expect(output).toMatch(/esdb:\/\/\S+/), 20000);
    const client = EventStoreDBClient.connectionString(/esdb:\/\/\S+/.exec(output)![0]);
    await client.appendToStream('cli', numbered(1));
    expect(await drain(client.readStream('cli'))).toHaveLength(1);
    await client.dispose();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 30000);
});
