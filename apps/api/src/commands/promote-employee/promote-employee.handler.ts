import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { PromoteEmployee } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { PromoteEmployeeCommand } from './promote-employee.command';

@CommandHandler(PromoteEmployeeCommand)
export class PromoteEmployeeHandler implements ICommandHandler<PromoteEmployeeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: PromoteEmployeeCommand): Promise<CommandResponse> {
    const data = plain<PromoteEmployee['data']>({ nip, ...body });
    return this.staffing.decide(
      meta,
      { type: 'PromoteEmployee', data },
      { version: (state) => state.employees.get(nip)?.version, decree: { number: data.decree.number } },
    );
  }
}
