import { ConcurrencyError, DuplicateEventIdError } from './errors';
import type { AppendResult, ExpectedRevision } from './event-store.port';

/** All an append plan needs of an event: its id. */
type Identified = { readonly id: string };

/** What an adapter must tell about one stream to decide an append. */
export interface StreamView {
  /** Revision of the stream's last event, -1 when the stream has none. */
  lastRevision(): number;
  /** Ids and positions of up to `count` events from `revision` on, in revision order. */
  eventsFrom(revision: number, count: number): { id: string; position: string }[];
  /** Revision of the event with this id in this stream, if there is one. */
  revisionOf(id: string): number | undefined;
}

/** Write the events from `firstRevision` on, or return the result of the identical append already stored. */
export type AppendPlan = { kind: 'write'; firstRevision: number } | { kind: 'replay'; result: AppendResult };

/**
 * The expected-revision rule shared by the embedded adapters, with EventStoreDB's idempotency:
 * the same ids right after the expected revision mean the append already happened.
 */
export function planAppend(
  stream: string,
  events: readonly Identified[],
  expected: ExpectedRevision,
  view: StreamView,
): AppendPlan {
  assertDistinctIds(stream, events);
  const current = view.lastRevision();
  if (expected === 'any') {
    const firstId = events[0]?.id;
    const stored = firstId === undefined ? undefined : view.revisionOf(firstId);
    if (stored !== undefined) return replayOrThrow(stream, events, stored - 1, view, expected, current);
    return { kind: 'write', firstRevision: current + 1 };
  }
  const base = expected === 'no_stream' ? -1 : expected;
  if (base === current) return { kind: 'write', firstRevision: current + 1 };
  if (base < current && events.length > 0)
    return replayOrThrow(stream, events, base, view, expected, current);
  throw new ConcurrencyError(stream, expected, current < 0 ? 'no_stream' : current);
}

function replayOrThrow(
  stream: string,
  events: readonly Identified[],
  base: number,
  view: StreamView,
  expected: ExpectedRevision,
  current: number,
): AppendPlan {
  const stored = view.eventsFrom(base + 1, events.length);
  const same = stored.length === events.length && stored.every((event, i) => event.id === events[i].id);
  if (same)
    return {
      kind: 'replay',
      result: { nextRevision: base + events.length, position: stored.at(-1)!.position },
    };
  if (expected === 'any') throw new DuplicateEventIdError(stream, events[0].id);
  throw new ConcurrencyError(stream, expected, current < 0 ? 'no_stream' : current);
}

function assertDistinctIds(stream: string, events: readonly Identified[]): void {
  const seen = new Set<string>();
  for (const { id } of events) {
    if (seen.has(id)) throw new DuplicateEventIdError(stream, id);
    seen.add(id);
  }
}
