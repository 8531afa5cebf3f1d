import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { issueDecree, issueDecreeCommand } from '../issue-decree/decree-command';
import { ReassignEmployeeCommand } from './reassign-employee.command';

/** A one-line decree (REASSIGN) about one employee. */
@CommandHandler(ReassignEmployeeCommand)
export class ReassignEmployeeHandler implements ICommandHandler<ReassignEmployeeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: ReassignEmployeeCommand): Promise<CommandResponse> {
    const { decree, ...line } = body;
    const command = issueDecreeCommand(meta, decree, [{ type: 'REASSIGN', nip, ...line }]);
    return issueDecree(this.staffing, meta, command, nip);
  }
}
