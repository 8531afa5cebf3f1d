import type { CommandMeta } from '../../write/command-meta';
import type { IssueDecreeRequestDto } from './issue-decree.request.dto';

export class IssueDecreeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly body: IssueDecreeRequestDto,
  ) {}
}
