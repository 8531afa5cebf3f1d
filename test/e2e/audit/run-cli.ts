/**
 * Runs a CLI command module in process with DATA_DIR (or EVENTSTORE_CONNECTION_STRING) set; returns its
 * exit code and what it printed.
 */
export async function cli(
  command: { run(args: string[]): Promise<number> },
  args: string[],
  dataDir: string,
  env: { EVENTSTORE_CONNECTION_STRING?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  const saved = {
    DATA_DIR: process.env.DATA_DIR,
    EVENTSTORE_CONNECTION_STRING: process.env.EVENTSTORE_CONNECTION_STRING,
  };
  process.env.DATA_DIR = dataDir;
  if (env.EVENTSTORE_CONNECTION_STRING)
    process.env.EVENTSTORE_CONNECTION_STRING = env.EVENTSTORE_CONNECTION_STRING;
  else delete process.env.EVENTSTORE_CONNECTION_STRING;
  try {
    const code = await command.run(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
