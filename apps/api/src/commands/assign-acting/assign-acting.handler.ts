import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { issueDecree, issueDecreeCommand } from '../issue-decree/decree-command';
import { AssignActingCommand } from './assign-acting.command';

/** A one-line decree (ACTING) about one employee. */
@CommandHandler(AssignActingCommand)
export class AssignActingHandler implements ICommandHandler<AssignActingCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, nip, body }: AssignActingCommand): Promise<CommandResponse> {
    const { decree, ...line } = body;
    const command = issueDecreeCommand(meta, decree, [{ type: 'ACTING', nip, ...line }]);
    return issueDecree(this.staffing, meta, command, nip);
  }
}
