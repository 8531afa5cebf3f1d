import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { issueDecree, issueDecreeCommand } from '../issue-decree/decree-command';
import { RedeployEmployeeCommand } from './redeploy-employee.command';

/** A one-line decree (REDEPLOY) about one employee. */
@CommandHandler(RedeployEmployeeCommand)
export class RedeployEmployeeHandler implements ICommandHandler<RedeployEmployeeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: RedeployEmployeeCommand): Promise<CommandResponse> {
    const { decree, ...line } = body;
    const command = issueDecreeCommand(meta, decree, [{ type: 'REDEPLOY', nip, ...line }]);
    return issueDecree(this.staffing, meta, command, nip);
  }
}
