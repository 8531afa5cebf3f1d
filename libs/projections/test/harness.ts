import type { EmployeeCommand, StaffingCommand } from '@asn/domain';
import { MemoryEventStore } from '@asn/event-store';
import { SyntheticHistory } from '../../../test/support/synthetic/synthetic-history';
import { controlKeys, readModelKeys } from '../src/keys';
import { ProjectionQueries } from '../src/read/projection-queries';
import { MemoryReadModelStore } from '../src/store/memory-read-model-store';
import type { ReadModelStore } from '../src/store/read-model-store.port';
import { runProjection } from '../src/runner/projection-run';

export const INSTANSI = '3374';

/** Given commands (decided by the domain, appended to a memory log), then the read models. */
export class ProjectionHarness {
  readonly log = new MemoryEventStore();
  readonly history = new SyntheticHistory({ seed: 1, instansi: INSTANSI });
  readonly queries: ProjectionQueries;

  constructor(readonly store: ReadModelStore = new MemoryReadModelStore()) {
    this.queries = new ProjectionQueries(store, INSTANSI);
  }

  /** Decides and appends each command; throws when the domain refuses one (a test's given must be valid). */
  async given(...commands: (StaffingCommand | EmployeeCommand)[]): Promise<string> {
    let position = '0';
    for (const command of commands) {
      const made = this.history.decideOne(command);
      if (!made) throw new Error(`the domain refused ${command.type}: ${JSON.stringify(command.data)}`);
      position = await this.history.append(this.log, made.stream, made.events);
    }
    return position;
  }

  /** Projects everything in the log into `version` (the live one unless told otherwise). */
  async project(version = 1): Promise<string> {
    const control = controlKeys(INSTANSI);
    const keys = readModelKeys(INSTANSI, version);
    const [alias] = await this.store.get([control.alias]);
    if (!alias) await this.store.set(control.alias, String(version));
    const after = (await this.store.hget(keys.meta, 'checkpoint')) ?? '0';
    return runProjection({
      eventStore: this.log,
      store: this.store,
      keys,
      guards: () => [],
      after,
      batchSize: 100,
      signal: new AbortController().signal,
      untilCaughtUp: true,
    });
  }
}
