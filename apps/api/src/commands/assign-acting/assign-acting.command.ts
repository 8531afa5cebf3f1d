import type { CommandMeta } from '../../write/command-meta';
import type { AssignActingRequestDto } from './assign-acting.request.dto';

export class AssignActingCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: AssignActingRequestDto,
  ) {}
}
