import type { Roster, RosterPosition } from '@asn/domain';

/** Serialized rows, for as long as the row object lives: a roster model reuses a row until what it shows changes. */
const rows = new WeakMap<RosterPosition, string>();

function rowJson(row: RosterPosition): string {
  let json = rows.get(row);
  if (json === undefined) rows.set(row, (json = JSON.stringify(row)));
  return json;
}

/**
 * Exactly JSON.stringify(roster), with each position row serialized once: a 500-position roster is ~450 KB
 * of JSON, and after a write to one holder only that holder's row is new. Rows are never mutated once made.
 */
export function rosterJson(roster: Roster): string {
  const parts = [
    `"unit":${JSON.stringify(roster.unit)}`,
    `"asOf":${JSON.stringify(roster.asOf)}`,
    `"positions":[${roster.positions.map(rowJson).join(',')}]`,
    `"redeployedIn":${JSON.stringify(roster.redeployedIn)}`,
    `"redeployedOut":${JSON.stringify(roster.redeployedOut)}`,
  ];
  if (roster.subunits) parts.push(`"subunits":[${roster.subunits.map(rosterJson).join(',')}]`);
  parts.push(`"totals":${JSON.stringify(roster.totals)}`);
  return `{${parts.join(',')}}`;
}
