import { MemoryReadModelStore } from './memory-read-model-store';
import type { ReadModelStore } from './read-model-store.port';
import { RedisReadModelStore } from './redis-read-model-store';

/** Redis when REDIS_URL is set, otherwise the in-process store (ARCHITECTURE.md, "Embedded default"). */
export async function openReadModelStore(redisUrl: string | undefined): Promise<ReadModelStore> {
  if (!redisUrl) return new MemoryReadModelStore();
  const url = new URL(redisUrl);
  const database = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
  return RedisReadModelStore.connect({ url: redisUrl, database });
}

export function describeReadModelStore(redisUrl: string | undefined): string {
  return redisUrl
    ? `read models: Redis at ${redisUrl.replace(/\/\/[^@/]*@/, '//***@')}`
    : 'read models: in process (REDIS_URL unset; rebuilt from the log at start)';
}
