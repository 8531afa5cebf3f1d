/**
 * A test fixture that speaks EventStoreDB's gRPC protocol to the real @eventstore/db-client, with fresh
 * in-memory state per start. Never a production store: see README.md for what it matches and what it does not.
 */
import { readFileSync } from 'node:fs';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { appendHandler, batchAppendHandler } from './append';
import { CallRegistry } from './call-registry';
import { deleteHandler, tombstoneHandler } from './delete';
import { EventLog } from './event-log';
import { readHandler } from './read';
import { serverFeaturesHandler } from './server-features';
import { seedSystemEvents } from './system-events';

/** EventStoreDB's default: 1 MiB of event data and metadata per append. */
const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
/** The client accepts messages up to 17 MiB; so does the server. */
const MAX_MESSAGE_SIZE = 17 * 1024 * 1024;

export interface EsdbTestServerOptions {
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
  /** Plain-text gRPC (`tls=false`); otherwise `cert` and `key` are required, as on a real node. */
  insecure?: boolean;
  /** Path of the PEM certificate (self-signed is fine: the connection string names it as the CA file). */
  cert?: string;
  /** Path of the PEM private key. */
  key?: string;
  /** Bytes of data plus metadata per append; defaults to EVENTSTORE_MAX_APPEND_SIZE, else 1 MiB. */
  maxAppendSize?: number;
  /** Advertise and serve Streams.BatchAppend (default true); false makes the client use Streams.Append. */
  batchAppend?: boolean;
}

export interface EsdbTestServer {
  port: number;
  connectionString: string;
  /** Cancels subscriptions and batch appends (as a stopping node does), then closes the listener. */
  stop(): Promise<void>;
  /**
   * Drops every connection abruptly and restarts the gRPC listener on the same port, keeping the state.
   * `duringOutage` runs while nothing listens (to observe how clients behave during the outage).
   */
  dropConnections(duringOutage?: () => Promise<void>): Promise<void>;
}

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const host = options.host ?? '127.0.0.1';
  const credentials = serverCredentials(options);
  const maxAppendSize = options.maxAppendSize ?? maxAppendSizeFromEnvironment();
  const log = new EventLog();
  seedSystemEvents(log);
  const calls = new CallRegistry();
  const createServer = (): Server => {
    const server = new Server({
      'grpc.max_receive_message_length': MAX_MESSAGE_SIZE,
      'grpc.max_send_message_length': MAX_MESSAGE_SIZE,
    });
    server.addService(StreamsService, {
      read: readHandler(log, calls),
      append: appendHandler(log, maxAppendSize),
      batchAppend: batchAppendHandler(log, maxAppendSize, calls),
      delete: deleteHandler(log),
      tombstone: tombstoneHandler(log),
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: serverFeaturesHandler(options.batchAppend ?? true),
    });
    return server;
  };
  let server = createServer();
  const port = await bind(server, host, options.port ?? 0, credentials);
  return {
    port,
    connectionString: connectionString(host, port, options),
    async stop() {
      calls.cancelAll();
      await shutdown(server);
    },
    async dropConnections(duringOutage) {
      calls.releaseAll();
      server.forceShutdown();
      await duringOutage?.();
      server = createServer();
      await bind(server, host, port, credentials);
    },
  };
}

function serverCredentials({ insecure, cert, key }: EsdbTestServerOptions): ServerCredentials {
  if (insecure) return ServerCredentials.createInsecure();
  if (!cert || !key) {
    throw new Error(
      'the EventStoreDB test server needs `cert` and `key` (PEM files) for TLS, or `insecure: true`',
    );
  }
  return ServerCredentials.createSsl(
    null,
    [{ cert_chain: readFileSync(cert), private_key: readFileSync(key) }],
    false,
  );
}

function maxAppendSizeFromEnvironment(): number {
  const configured = process.env.EVENTSTORE_MAX_APPEND_SIZE;
  if (configured === undefined || configured === '') return DEFAULT_MAX_APPEND_SIZE;
  const size = Number(configured);
  if (!Number.isInteger(size) || size <= 0) {
    throw new Error(`EVENTSTORE_MAX_APPEND_SIZE is "${configured}"; it must be a positive number of bytes`);
  }
  return size;
}

function connectionString(host: string, port: number, { insecure, cert }: EsdbTestServerOptions): string {
  return insecure ? `esdb://${host}:${port}?tls=false` : `esdb://${host}:${port}?tls=true&tlsCAFile=${cert}`;
}

function bind(server: Server, host: string, port: number, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });
}

/** Graceful first; unary calls in flight get a moment, then whatever is left is cut. */
function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.forceShutdown(), 1000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
