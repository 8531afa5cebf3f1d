import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { SeparateEmployee } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { SeparateEmployeeCommand } from './separate-employee.command';

@CommandHandler(SeparateEmployeeCommand)
export class SeparateEmployeeHandler implements ICommandHandler<SeparateEmployeeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: SeparateEmployeeCommand): Promise<CommandResponse> {
    const data = plain<SeparateEmployee['data']>({ nip, ...body });
    return this.staffing.decide(
      meta,
      { type: 'SeparateEmployee', data },
      { version: (state) => state.employees.get(nip)?.version, decree: { number: data.decree.number } },
    );
  }
}
