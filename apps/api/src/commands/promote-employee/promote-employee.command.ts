import type { CommandMeta } from '../../write/command-meta';
import type { PromoteEmployeeRequestDto } from './promote-employee.request.dto';

export class PromoteEmployeeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: PromoteEmployeeRequestDto,
  ) {}
}
