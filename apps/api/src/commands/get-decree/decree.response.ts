import type { DecreeLine, DecreeRef } from '@asn/domain';

/** The body of GET /decrees/{id}. */
export interface DecreeResponse {
  decreeId: string;
  decree: DecreeRef;
  lines: DecreeLine[];
  annulled: boolean;
  annulment: { reason: string; decree: DecreeRef; annulledAt: string } | null;
  events: {
    id: string;
    type: string;
    stream: string;
    revision: number;
    position: string;
    recordedAt: string;
    actor: string;
  }[];
  /** The decree's version (also the ETag): the revision of the last event that concerned it. */
  version: number;
}
