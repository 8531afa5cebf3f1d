import { HashChainedEventStore, MemoryEventStore } from '@asn/event-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('MemoryEventStore', async () => new MemoryEventStore());
eventStoreContract(
  'HashChainedEventStore over MemoryEventStore',
  async () => new HashChainedEventStore(new MemoryEventStore()),
);
