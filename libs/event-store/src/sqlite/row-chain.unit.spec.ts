import type { EventMetadata } from '../event-store.port';
import { canonicalEncoding, chainHash, GENESIS_HASH } from '../hash-chain';
import { RowChain, type JsonRow } from './row-chain';

/** The chain as the appender computes it, against a fake "stored hash" lookup. */
describe('RowChain', () => {
  const row = (n: number): JsonRow => ({
    id: `e${n}`,
    type: 'Tested',
    data: JSON.stringify({ z: n, a: { y: [1, 'two'], b: null } }),
    metadata: JSON.stringify({ eventId: `e${n}`, actor: 'test', prevHash: 'forged', hash: 'forged' }),
  });
  const hashes = (rows: JsonRow[]): { prevHash: string; hash: string }[] =>
    rows.map((r) => {
      const { prevHash, hash } = JSON.parse(r.metadata) as { prevHash: string; hash: string };
      return { prevHash, hash };
    });

  it('hashes the canonical encoding of each row as a reader parses it, replacing given hash fields', () => {
    const chain = new RowChain(() => undefined);
    const [first, second] = hashes(chain.link('s', 0, [row(0), row(1)]));
    const expected = (n: number, prev: string): string =>
      chainHash(
        prev,
        canonicalEncoding({
          stream: 's',
          revision: n,
          id: `e${n}`,
          type: 'Tested',
          data: { z: n, a: { y: [1, 'two'], b: null } },
          metadata: { eventId: `e${n}`, actor: 'test' } as unknown as EventMetadata,
        }),
      );
    expect(first).toEqual({ prevHash: GENESIS_HASH, hash: expected(0, GENESIS_HASH) });
    expect(second).toEqual({ prevHash: first.hash, hash: expected(1, first.hash) });
  });

  it('chains onto the stored hash when it has no head for the revision before', () => {
    const asked: [string, number][] = [];
    const chain = new RowChain((stream, revision) => {
      asked.push([stream, revision]);
      return 'a'.repeat(64);
    });
    const [linked] = hashes(chain.link('s', 7, [row(7)]));
    expect(linked.prevHash).toBe('a'.repeat(64));
    expect(asked).toEqual([['s', 6]]);
  });

  it('uses the head of a committed group and forgets the heads of a rolled-back one', () => {
    const asked: number[] = [];
    const chain = new RowChain((_stream, revision) => {
      asked.push(revision);
      return 'b'.repeat(64);
    });
    const [committed] = hashes(chain.link('s', 0, [row(0)]));
    chain.committed();
    expect(hashes(chain.link('s', 1, [row(1)]))[0].prevHash).toBe(committed.hash);
    chain.rolledBack();
    // Revision 1 was never written: the next append at 1 reads the stored hash of revision 0.
    expect(hashes(chain.link('s', 1, [row(1)]))[0].prevHash).toBe('b'.repeat(64));
    expect(asked).toEqual([0]);
  });

  it('links a second append of one group onto the first', () => {
    const chain = new RowChain(() => {
      throw new Error('not read: the group holds the head');
    });
    const [first] = hashes(chain.link('s', 0, [row(0)]));
    expect(hashes(chain.link('s', 1, [row(1)]))[0].prevHash).toBe(first.hash);
  });
});
