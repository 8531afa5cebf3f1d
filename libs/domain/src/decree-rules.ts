import type { DecreeLine } from './commands';
import type { Violation } from './decision';
import type { DecreeRef } from './vocabulary';

const PLACEMENT_LINES: DecreeLine['type'][] = ['APPOINT', 'REASSIGN', 'REDEPLOY'];

export const isPlacementLine = (line: DecreeLine): boolean => PLACEMENT_LINES.includes(line.type);

/** DECREE_INCOMPLETE: a placement needs SK number, date, signer and TMT; a Plt/Plh letter number and signer. */
export function decreeCompleteness(decree: DecreeRef, line: DecreeLine, index?: number): Violation | null {
  const missing: string[] = [];
  if (!decree.number?.trim()) missing.push('decree.number');
  if (!decree.signer?.name?.trim()) missing.push('decree.signer.name');
  if (isPlacementLine(line)) {
    if (!decree.signedOn) missing.push('decree.signedOn');
    if ('effectiveDate' in line && !line.effectiveDate) missing.push('effectiveDate');
  }
  if (missing.length === 0) return null;
  const what = isPlacementLine(line)
    ? 'a definitive placement needs an SK'
    : 'a Plt/Plh needs a surat perintah';
  return { code: 'DECREE_INCOMPLETE', message: `${what}; missing ${missing.join(', ')}`, line: index };
}

/** DECREE_INCOMPLETE for the decrees of promotions, separations and abolitions. */
export function decreeRefCompleteness(decree: DecreeRef): Violation | null {
  const missing: string[] = [];
  if (!decree.number?.trim()) missing.push('decree.number');
  if (!decree.signedOn) missing.push('decree.signedOn');
  if (!decree.signer?.name?.trim()) missing.push('decree.signer.name');
  return missing.length === 0
    ? null
    : { code: 'DECREE_INCOMPLETE', message: `the decree is missing ${missing.join(', ')}` };
}
