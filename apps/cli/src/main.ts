/**
 * `npm run cli -- <command> [options]`: one file per command in ./commands, named `<command>.command.ts`,
 * exporting `run(args: string[]): Promise<number>` (the exit code) and `summary` (one line for --help).
 */
import 'reflect-metadata';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

interface CliCommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

const dir = join(__dirname, 'commands');

/** Commands load lazily, so `token` does not pay for the event store or Nest. */
function load(file: string): CliCommand {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  return require(file) as CliCommand;
}

function available(): string[] {
  return readdirSync(dir)
    .filter((f) => /\.command\.(ts|js)$/.test(f))
    .map((f) => f.replace(/\.command\.(ts|js)$/, ''))
    .sort();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    const lines = available().map((n) => {
      const cmd = load(join(dir, `${n}.command`));
      return `  ${n.padEnd(10)} ${cmd.summary}`;
    });
    process.stdout.write(`usage: npm run cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`);
    return name ? 0 : 2;
  }
  const file = join(dir, `${name}.command`);
  if (!existsSync(`${file}.ts`) && !existsSync(`${file}.js`)) {
    process.stderr.write(`unknown command "${name}"; known: ${available().join(', ')}\n`);
    return 2;
  }
  const cmd = load(file);
  return cmd.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
