import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { issueDecree, issueDecreeCommand } from '../issue-decree/decree-command';
import { AppointEmployeeCommand } from './appoint-employee.command';

/** A one-line decree (APPOINT) about one employee. */
@CommandHandler(AppointEmployeeCommand)
export class AppointEmployeeHandler implements ICommandHandler<AppointEmployeeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: AppointEmployeeCommand): Promise<CommandResponse> {
    const { decree, ...line } = body;
    const command = issueDecreeCommand(meta, decree, [{ type: 'APPOINT', nip, ...line }]);
    return issueDecree(this.staffing, meta, command, nip);
  }
}
