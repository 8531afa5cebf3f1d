import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RecordDiscipline } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { RecordDisciplineCommand } from './record-discipline.command';

@CommandHandler(RecordDisciplineCommand)
export class RecordDisciplineHandler implements ICommandHandler<RecordDisciplineCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: RecordDisciplineCommand): Promise<CommandResponse> {
    const data = plain<RecordDiscipline['data']>({ nip, ...body });
    return this.staffing.decide(
      meta,
      { type: 'RecordDiscipline', data },
      { version: (state) => state.employees.get(nip)?.version, decree: { number: data.decree.number } },
    );
  }
}
