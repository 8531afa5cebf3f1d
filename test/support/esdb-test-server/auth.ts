/** Basic authentication as a default EventStoreDB node plus one operator account; anonymous calls are allowed. */
import type { Metadata } from '@grpc/grpc-js';

const USERS: ReadonlyMap<string, string> = new Map([
  ['admin', 'changeit'],
  ['ops', 'changeit'],
]);

/** False only when credentials were sent and are wrong (the client sends them over TLS only). */
export function hasValidCredentials(metadata: Metadata): boolean {
  const header = metadata.get('authorization')[0];
  if (header === undefined) return true;
  const match = /^Basic\s+(.+)$/i.exec(header.toString());
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return false;
  return USERS.get(decoded.slice(0, separator)) === decoded.slice(separator + 1);
}
