/** Flags of an audit CLI command: `--name value` for strings, `--name` alone for booleans. */
export type FlagSpec = Record<string, 'string' | 'boolean'>;

export type Flags = Record<string, string | true | undefined>;

/** Parses `args` against `spec`; throws an Error naming the flag and the fix. */
export function parseFlags(args: string[], spec: FlagSpec, usage: string): Flags {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    const kind = name === undefined ? undefined : spec[name];
    if (name === undefined || kind === undefined) throw new Error(`unknown argument "${arg}"\n${usage}`);
    if (kind === 'boolean') {
      flags[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new Error(`--${name} needs a value\n${usage}`);
    }
    flags[name] = value;
  }
  return flags;
}

/** Writes to a stream and waits when its buffer is full, so that a long output stays in constant memory. */
export function writeOut(out: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (!out.write(text)) return new Promise((resolve) => out.once('drain', () => resolve()));
}
