import type { Warning } from '@asn/domain';

export interface EventRef {
  id: string;
  type: string;
  stream: string;
  revision: number;
}

/** The 201 body of every command (API.md, "Command responses"); `decreeId` for decrees. */
export interface CommandResponse {
  commandId: string;
  events: EventRef[];
  /** Global log position of the append that wrote the events. */
  position: string;
  warnings: { code: string; message: string; line?: number }[];
  decreeId?: string;
}

export const toWarnings = (warnings: Warning[]): CommandResponse['warnings'] =>
  warnings.map((w) => (w.line === undefined ? { code: w.code, message: w.message } : { ...w }));
