import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RecordAbsence } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { RecordAbsenceCommand } from './record-absence.command';

@CommandHandler(RecordAbsenceCommand)
export class RecordAbsenceHandler implements ICommandHandler<RecordAbsenceCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: RecordAbsenceCommand): Promise<CommandResponse> {
    const data = plain<RecordAbsence['data']>({ nip, ...body });
    return this.staffing.decide(
      meta,
      { type: 'RecordAbsence', data },
      { version: (state) => state.employees.get(nip)?.version },
    );
  }
}
