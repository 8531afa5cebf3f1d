import { DEV_JWT_SECRET, parseDuration, tokenFor } from '@asn/testing';

export const summary =
  'mint a development JWT: --role hr-admin|auditor|viewer (repeatable) [--sub alice] [--ttl 8h]';

const ROLES = ['hr-admin', 'auditor', 'viewer'];

function usage(message: string): number {
  process.stderr.write(
    `${message}\nusage: npm run token -- --role hr-admin [--role viewer] [--sub alice] [--ttl 8h]\n`,
  );
  return 2;
}

/** Prints a token signed with JWT_SECRET (or the development secret the api uses without one). */
export async function run(args: string[]): Promise<number> {
  const roles: string[] = [];
  let sub = 'dev-officer';
  let ttl = '8h';
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    const value = inline ?? args[i + 1];
    if (flag === '--help' || flag === '-h') return usage(summary);
    if (!['--role', '--roles', '--sub', '--ttl'].includes(flag)) return usage(`unknown option ${args[i]}`);
    if (value === undefined || value.startsWith('--')) return usage(`${flag} needs a value`);
    if (inline === undefined) i++;
    if (flag === '--role' || flag === '--roles') roles.push(...value.split(',').filter(Boolean));
    else if (flag === '--sub') sub = value;
    else ttl = value;
  }
  if (roles.length === 0) return usage('--role is required');
  const unknown = roles.filter((r) => !ROLES.includes(r));
  if (unknown.length) return usage(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  try {
    parseDuration(ttl);
  } catch (error) {
    return usage((error as Error).message);
  }
  const secret = process.env.JWT_SECRET?.trim() || DEV_JWT_SECRET;
  if (process.env.NODE_ENV === 'production' && secret === DEV_JWT_SECRET) {
    process.stderr.write(
      'refusing to mint a token with the development secret in production; set JWT_SECRET\n',
    );
    return 1;
  }
  process.stdout.write(`${tokenFor(roles, { sub, ttl, secret })}\n`);
  return 0;
}
