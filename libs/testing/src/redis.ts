import { createClient } from 'redis';

/** Empties the Redis database a test or benchmark owns (the database is the one in `url`). */
export async function flushRedisDb(url: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  await client.flushDb();
  client.destroy();
}
