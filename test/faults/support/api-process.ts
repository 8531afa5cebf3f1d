import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(__dirname, '..', '..', '..');
const SWC_REGISTER = join(__dirname, '..', '..', '..', 'apps', 'swc-register.js');
const STANDBY = join(__dirname, 'standby.ts');
const READY_TIMEOUT_MS = 60_000;

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running api child process (apps/api/src/main.ts). */
export interface ApiProcess {
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
  /** The last lines it wrote (for failure messages). */
  output(): string;
  kill9(): Promise<string>;
  /** SIGTERM: graceful shutdown; resolves when the process has exited. */
  terminate(timeoutMs?: number): Promise<string>;
}

interface Standby {
  child: ChildProcess;
  port: number;
  loaded: Promise<void>;
  exited: Promise<string>;
  lines: string[];
}

/**
 * Starts api child processes on one DATA_DIR, each with the same environment and a fresh port. One copy is
 * kept loaded ahead ("standby": code in memory, not started), so the next start after a kill is fast.
 * Spawned as `node -r swc-register.js -r tsconfig-paths/register standby.ts`, which runs main.ts on "start".
 */
export class ApiLauncher {
  private next?: Promise<Standby>;
  private readonly all = new Set<ChildProcess>();

  constructor(private readonly env: Record<string, string>) {}

  /** Starts an api; `prepareNext: false` when no other start follows (spares loading a standby copy). */
  async launch(options: { waitReady?: boolean; prepareNext?: boolean } = {}): Promise<ApiProcess> {
    const standby = await (this.next ?? this.spawn());
    this.next = options.prepareNext === false ? undefined : this.spawn();
    await standby.loaded;
    standby.child.stdin!.write('start\n');
    const api = this.wrap(standby);
    if (options.waitReady !== false) await this.waitReady(api);
    return api;
  }

  /** Kills every process this launcher started (after a failure, or at the end). */
  async dispose(): Promise<void> {
    const next = this.next;
    this.next = undefined;
    if (next) (await next.catch(() => undefined))?.child.kill('SIGKILL');
    for (const child of this.all)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  async waitReady(api: ApiProcess, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void api.exited.then(() => (gone = true));
    while (Date.now() < deadline) {
      if (gone) throw new Error(`the api exited before it was ready (${await api.exited}):\n${api.output()}`);
      try {
        const res = await fetch(`${api.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw new Error(`the api was not ready within ${timeoutMs} ms:\n${api.output()}`);
  }

  private async spawn(): Promise<Standby> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', SWC_REGISTER, '-r', 'tsconfig-paths/register', STANDBY], {
      cwd: ROOT,
      env: { ...process.env, NODE_NO_WARNINGS: '1', ...this.env, PORT: String(port) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.all.add(child);
    const lines: string[] = [];
    const keep = (line: string) => {
      lines.push(line);
      if (lines.length > 60) lines.shift();
    };
    createInterface({ input: child.stderr! }).on('line', keep);
    const out = createInterface({ input: child.stdout! });
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => {
        this.all.delete(child);
        resolve(signal ?? `code ${code}`);
      }),
    );
    const loaded = new Promise<void>((resolve, reject) => {
      out.on('line', (line) => {
        if (line === 'loaded') resolve();
        else keep(line);
      });
      void exited.then((how) =>
        reject(new Error(`the standby api exited while loading (${how}):\n${lines.join('\n')}`)),
      );
    });
    loaded.catch(() => undefined);
    return { child, port, loaded, exited, lines };
  }

  private wrap(standby: Standby): ApiProcess {
    const { child, port, exited, lines } = standby;
    return {
      pid: child.pid!,
      port,
      url: `http://127.0.0.1:${port}`,
      exited,
      output: () => lines.join('\n'),
      async kill9() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        return exited;
      },
      async terminate(timeoutMs = 30_000) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      },
    };
  }
}
