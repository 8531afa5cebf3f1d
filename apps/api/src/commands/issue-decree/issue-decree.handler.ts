import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DryRun, dryRunDecree } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { issueDecree, issueDecreeCommand } from './decree-command';
import { IssueDecreeCommand } from './issue-decree.command';

@CommandHandler(IssueDecreeCommand)
export class IssueDecreeHandler implements ICommandHandler<IssueDecreeCommand, CommandResponse | DryRun> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, body }: IssueDecreeCommand): Promise<CommandResponse | DryRun> {
    const command = issueDecreeCommand(meta, body.decree, body.lines);
    if (body.dryRun) {
      const ctx = this.staffing.context();
      return this.staffing.query((state) => dryRunDecree(command, state, ctx));
    }
    return issueDecree(this.staffing, meta, command);
  }
}
