/** The projector's settings, from the environment variables of ARCHITECTURE.md ("Configuration"). */
export interface ProjectorConfig {
  redisUrl: string;
  instansi: string;
  dataDir: string;
  eventStoreConnectionString?: string;
  batchSize: number;
  /** Threads that read and project the log during a rebuild (0: on the main thread). */
  rebuildThreads: number;
  leaseTtlMs: number;
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

/** Reads and checks the settings; an error names the variable and the fix. */
export function loadProjectorConfig(env: Record<string, string | undefined> = process.env): ProjectorConfig {
  const redisUrl = env.REDIS_URL?.trim();
  if (!redisUrl || !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    throw new Error(
      'REDIS_URL must be set (e.g. redis://127.0.0.1:6379) to run the projector on its own; without Redis it runs inside the api (npm start)',
    );
  }
  const instansi = env.INSTANSI?.trim() || '3374';
  if (!/^\d{4}$/.test(instansi))
    throw new Error(`INSTANSI must be the 4-digit instansi code, e.g. 3374, got "${instansi}"`);
  return {
    redisUrl,
    instansi,
    dataDir: env.DATA_DIR?.trim() || './data',
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined,
    batchSize: integer(env, 'PROJECTOR_BATCH_SIZE', 1000, 1),
    rebuildThreads: integer(env, 'PROJECTOR_REBUILD_THREADS', 2, 0),
    leaseTtlMs: integer(env, 'PROJECTOR_LEASE_TTL_MS', 5000, 500),
  };
}
