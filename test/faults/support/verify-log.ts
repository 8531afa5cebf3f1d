import { SqliteEventStore, type RecordedEvent } from '@asn/event-store';
import { verifyStore } from '@asn/audit';
import {
  controlKeys,
  MemoryReadModelStore,
  ProjectionQueries,
  readModelKeys,
  runProjection,
  type ReadModelStore,
} from '@asn/projections';
import type { Ledger } from './ledger';

export interface LogReport {
  events: number;
  commandsChecked: number;
  problems: string[];
}

/**
 * Reads the whole log of a stopped api and checks it against what the clients were told: every 2xx
 * command is there with the events, streams and revisions of its answer; no event id twice, no command
 * applied twice or in part, revisions without gaps, positions increasing, every hash chain intact.
 */
export async function verifyLog(file: string, ledger: Ledger): Promise<LogReport> {
  const store = new SqliteEventStore(file);
  const problems: string[] = [];
  try {
    const all = await store.readAll();
    const ids = new Set<string>();
    const revisions = new Map<string, number>();
    const byCommand = new Map<string, RecordedEvent[]>();
    let previous = -1n;
    for (const event of all) {
      if (ids.has(event.id)) problems.push(`event id ${event.id} is in the log twice`);
      ids.add(event.id);
      const position = BigInt(event.position);
      if (position <= previous) problems.push(`position ${event.position} does not increase`);
      previous = position;
      const expected = (revisions.get(event.stream) ?? -1) + 1;
      if (event.revision !== expected)
        problems.push(`${event.stream}: revision ${event.revision} after ${expected - 1}`);
      revisions.set(event.stream, event.revision);
      const list = byCommand.get(event.metadata.commandId) ?? [];
      list.push(event);
      byCommand.set(event.metadata.commandId, list);
    }
    const known = new Map([...ledger.commands.values()].map((c) => [c.commandId, c]));
    for (const [commandId, events] of byCommand) {
      const command = known.get(commandId);
      if (!command) continue; // seeded by the test itself
      if (command.state !== 'acked')
        problems.push(`command ${command.key} is in the log but was never acknowledged`);
      const indexes = events.map((e) => e.id);
      if (new Set(indexes).size !== indexes.length) problems.push(`command ${command.key} applied twice`);
    }
    let checked = 0;
    for (const command of ledger.acked) {
      checked += 1;
      const events = byCommand.get(command.commandId) ?? [];
      const refs = command.response?.events ?? [];
      if (events.length !== refs.length) {
        problems.push(
          `command ${command.key}: answered with ${refs.length} events, the log has ${events.length}`,
        );
        continue;
      }
      refs.forEach((ref, i) => {
        const e = events[i];
        if (
          e.id !== ref.id ||
          e.type !== ref.type ||
          e.stream !== ref.stream ||
          e.revision !== ref.revision
        ) {
          problems.push(
            `command ${command.key}: event ${i} is ${e.type}@${e.stream}/${e.revision}, answered ${ref.type}@${ref.stream}/${ref.revision}`,
          );
        }
      });
      // The answer's position is that of the append (a group commit may hold later commands too).
      const last = events[events.length - 1];
      if (last && command.response && BigInt(last.position) > BigInt(command.response.position)) {
        problems.push(
          `command ${command.key}: answered position ${command.response.position}, logged later at ${last.position}`,
        );
      }
      if (events.some((e) => e.metadata.correlationId !== command.key)) {
        problems.push(`command ${command.key}: correlation id not recorded`);
      }
    }
    const chains = await verifyStore(store);
    if (!chains.ok) problems.push(`hash chain broken: ${JSON.stringify(chains.firstBreak)}`);
    return { events: all.length, commandsChecked: checked, problems };
  } finally {
    await store.close();
  }
}

/** The read models rebuilt from the log into memory, from scratch (what a rebuild would produce). */
export async function rebuildReadModels(file: string, instansi: string): Promise<ReadModelStore> {
  const eventStore = new SqliteEventStore(file);
  const store = new MemoryReadModelStore();
  try {
    await store.set(controlKeys(instansi).alias, '1');
    await runProjection({
      eventStore,
      store,
      keys: readModelKeys(instansi, 1),
      guards: () => [],
      after: '0',
      batchSize: 1000,
      signal: new AbortController().signal,
      untilCaughtUp: true,
    });
    return store;
  } finally {
    await eventStore.close();
  }
}

export const queriesOver = (store: ReadModelStore, instansi: string) =>
  new ProjectionQueries(store, instansi);
