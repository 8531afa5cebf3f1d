import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..', '..');
export const SWC_REGISTER = join(ROOT, 'apps', 'swc-register.js');

/** The local OIDC stand-in (jwks-key-server.ts) in a child process: its JWKS URL and a signer. */
export interface KeyServer {
  jwksUrl: string;
  /** An RS256 token for `claims`, signed with the trusted key (or a rogue one), kid "k1" unless told. */
  sign(
    claims: Record<string, unknown>,
    options?: { key?: 'trusted' | 'rogue'; kid?: string | null },
  ): Promise<string>;
  jwksFetches(): Promise<number>;
  stop(): Promise<void>;
}

export async function startKeyServer(): Promise<KeyServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', SWC_REGISTER, join(__dirname, 'jwks-key-server.ts')],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the JWKS key server did not start within 30 s')),
      30_000,
    );
    child.once('exit', (code) => reject(new Error(`the JWKS key server exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    jwksUrl: `${base}/jwks`,
    async sign(claims, options = {}) {
      const res = await fetch(`${base}/sign`, {
        method: 'POST',
        body: JSON.stringify({ claims, ...options }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`signing failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as string;
    },
    async jwksFetches() {
      const res = await fetch(`${base}/stats`, { signal: AbortSignal.timeout(10_000) });
      return ((await res.json()) as { jwksFetches: number }).jwksFetches;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
