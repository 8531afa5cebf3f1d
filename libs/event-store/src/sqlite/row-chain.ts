import { ChainHeads, type ChainHead } from '../chain-heads';
import { canonicalEncoding, chainHash, GENESIS_HASH } from '../hash-chain';
import type { EventMetadata } from '../event-store.port';

/** An event as the appender writes it: data and metadata already JSON. */
export interface JsonRow {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The hash chain computed where the events are written (SqliteEventStore.chainHashes): inside the commit,
 * on the append thread, from the JSON that is stored. The hashes are those HashChainedEventStore computes
 * (canonicalEncoding of the event as a reader parses it back, then chainHash), so verifyChain and the audit
 * tools check them the same way. The previous hash is read in the same transaction, so two processes
 * appending to one file cannot chain onto the same event.
 *
 * Heads are cached per stream, but only once their commit is done: `link` records them for the group,
 * `committed` keeps them, `rolledBack` drops them.
 */
export class RowChain {
  private readonly heads = new ChainHeads(100_000);
  private readonly group = new Map<string, ChainHead>();

  /** `hashAt(stream, revision)`: the stored hash of that event (undefined when it has none). */
  constructor(private readonly hashAt: (stream: string, revision: number) => string | undefined) {}

  /** `rows` with `metadata.prevHash` and `metadata.hash`, the first at `firstRevision` of `stream`. */
  link(stream: string, firstRevision: number, rows: JsonRow[]): JsonRow[] {
    let previous = this.prevHash(stream, firstRevision);
    const linked = rows.map((row, i) => {
      const data: unknown = JSON.parse(row.data);
      const { prevHash: _prevHash, hash: _hash, ...metadata } = JSON.parse(row.metadata) as EventMetadata;
      const hash = chainHash(
        previous,
        canonicalEncoding({
          stream,
          revision: firstRevision + i,
          id: row.id,
          type: row.type,
          data,
          metadata,
        }),
      );
      const chained = { ...row, metadata: JSON.stringify({ ...metadata, prevHash: previous, hash }) };
      previous = hash;
      return chained;
    });
    if (rows.length > 0)
      this.group.set(stream, { revision: firstRevision + rows.length - 1, hash: previous });
    return linked;
  }

  committed(): void {
    for (const [stream, head] of this.group) this.heads.set(stream, head);
    this.group.clear();
  }

  rolledBack(): void {
    for (const stream of this.group.keys()) this.heads.forget(stream);
    this.group.clear();
  }

  private prevHash(stream: string, firstRevision: number): string {
    if (firstRevision === 0) return GENESIS_HASH;
    const head = this.group.get(stream) ?? this.heads.get(stream);
    if (head?.revision === firstRevision - 1) return head.hash;
    return this.hashAt(stream, firstRevision - 1) ?? GENESIS_HASH;
  }
}
