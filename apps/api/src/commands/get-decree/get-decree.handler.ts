import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, RecordedEvent } from '@asn/event-store';
import { ProblemException } from '../../errors/problem';
import { StaffingWriter } from '../../write/staffing-writer';
import type { DecreeResponse } from './decree.response';
import { GetDecreeQuery } from './get-decree.query';

@QueryHandler(GetDecreeQuery)
export class GetDecreeHandler implements IQueryHandler<GetDecreeQuery, DecreeResponse> {
  constructor(
    private readonly staffing: StaffingWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ decreeId }: GetDecreeQuery): Promise<DecreeResponse> {
    const record = await this.staffing.query((state) => {
      const found = state.decrees.get(decreeId);
      return found && structuredClone(found);
    });
    if (!record) throw new ProblemException('NOT_FOUND', `decree ${decreeId} does not exist`);
    const stream = this.staffing.stream;
    const reads = [
      this.store.readStream(stream, { fromRevision: record.revision, maxCount: record.lines.length + 1 }),
    ];
    if (record.annulled)
      reads.push(this.store.readStream(stream, { fromRevision: record.annulled.revision, maxCount: 1 }));
    const events = (await Promise.all(reads))
      .flat()
      .filter((e: RecordedEvent) => (e.data as { decreeId?: string }).decreeId === decreeId)
      .map((e) => ({
        id: e.id,
        type: e.type,
        stream: e.stream,
        revision: e.revision,
        position: e.position,
        recordedAt: e.metadata.recordedAt,
        actor: e.metadata.actor,
      }));
    const { annulled } = record;
    return {
      decreeId,
      decree: record.decree,
      lines: record.lines,
      annulled: annulled !== null,
      annulment: annulled && {
        reason: annulled.reason,
        decree: annulled.decree,
        annulledAt: annulled.annulledAt,
      },
      events,
      version: record.version,
    };
  }
}
