/** Shared setup for the test server's conformance specs: the real client, events, ordered collection. */
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent, type JSONEventData, type JSONType } from '@eventstore/db-client';
import { type EsdbTestServer, type EsdbTestServerOptions, startEsdbTestServer } from './esdb-test-server';

export interface Connected {
  server: EsdbTestServer;
  client: EventStoreDBClient;
}

/** A fresh insecure server and a client per test file; `close` ends both. */
export function connectedServer(options: EsdbTestServerOptions = {}) {
  const connected = {} as Connected;
  beforeAll(async () => {
    connected.server = await startEsdbTestServer({ insecure: true, ...options });
    connected.client = EventStoreDBClient.connectionString(connected.server.connectionString);
  });
  afterAll(async () => {
    await connected.client.dispose();
    await connected.server.stop();
  });
  return connected;
}

export const uniqueStream = (name = 'stream'): string => `${name}-${randomUUID()}`;

export function anEvent(type = 'Tested', data: JSONType = {}, id = randomUUID()): JSONEventData {
  return jsonEvent({ id, type, data });
}

export function numbered(count: number, from = 0): JSONEventData[] {
  return Array.from({ length: count }, (_, i) => anEvent('Numbered', { n: from + i }));
}

/** Resolves with the rejection of `promise`; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

export async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
