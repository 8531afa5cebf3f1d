import { Inject, Injectable } from '@nestjs/common';
import {
  decideEmployee,
  EmployeeCommand,
  EmployeeDevState,
  EmployeeEvent,
  employeeStream,
  evolveEmployee,
  initialEmployeeDevState,
} from '@asn/domain';
import { EVENT_STORE, EventStore } from '@asn/event-store';
import type { CommandMeta } from './command-meta';
import type { CommandResponse } from './command-response';
import { StaffingWriter } from './staffing-writer';
import { StreamWriter } from './stream-writer';

/** How many employee streams stay cached; idle ones beyond it are dropped, least recently used first. */
const CACHED_STREAMS = 10_000;

/**
 * The write side of the `employee-<nip>` streams (trainings, work arrangements). The employee as the staffing
 * stream knows them is read first; the entity version for If-Match is `<staffingVersion>.<employeeRevision>`.
 */
@Injectable()
export class EmployeeWriter {
  private readonly writers = new Map<string, StreamWriter<EmployeeDevState, EmployeeEvent>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly staffing: StaffingWriter,
  ) {}

  async decide(meta: CommandMeta, command: EmployeeCommand): Promise<CommandResponse> {
    const nip = command.data.nip;
    const employee = await this.staffing.query((state) => state.employees.get(nip));
    const ctx = this.staffing.context();
    return this.writerFor(nip).execute({
      meta,
      version: (_state, revision) => (employee ? `${employee.version}.${revision}` : undefined),
      decide: (state) => decideEmployee(command, state, employee, ctx),
    });
  }

  private writerFor(nip: string): StreamWriter<EmployeeDevState, EmployeeEvent> {
    let writer = this.writers.get(nip);
    if (writer) {
      this.writers.delete(nip);
    } else {
      writer = new StreamWriter(this.store, employeeStream(nip), {
        initial: () => initialEmployeeDevState(nip),
        evolve: evolveEmployee,
      });
      if (this.writers.size >= CACHED_STREAMS) this.evictIdle();
    }
    this.writers.set(nip, writer);
    return writer;
  }

  private evictIdle(): void {
    for (const [nip, writer] of this.writers) {
      if (!writer.busy) this.writers.delete(nip);
      if (this.writers.size < CACHED_STREAMS * 0.9) return;
    }
  }
}
