import type { CommandMeta } from '../../write/command-meta';
import type { ReassignEmployeeRequestDto } from './reassign-employee.request.dto';

export class ReassignEmployeeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: ReassignEmployeeRequestDto,
  ) {}
}
