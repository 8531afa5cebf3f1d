import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs `npm run start:projector` (without npm) as a child process; `kill()` is a crash (SIGKILL). */
export class ProjectorProcess {
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  private exited: Promise<void>;

  constructor(env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
        '-r',
        'tsconfig-paths/register',
        '--swc',
        join(ROOT, 'apps', 'projector', 'src', 'main.ts'),
      ],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', () => resolve()));
  }

  /** The lease id this copy logged when it took the lease, if it did. */
  get leaseId(): string | undefined {
    return /took the projector lease \(([^)]+)\)/.exec(this.output.join(''))?.[1];
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
