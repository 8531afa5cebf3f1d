import { HashChainedEventStore, SqliteEventStore } from '@asn/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'asn-sqlite-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SqliteEventStore', async () => new SqliteEventStore(join(dir, 'plain', 'events.sqlite')));
eventStoreContract(
  'HashChainedEventStore over SqliteEventStore',
  async () => new HashChainedEventStore(new SqliteEventStore(join(dir, 'chained', 'events.sqlite'))),
);
