import type { CommandMeta } from '../../write/command-meta';
import type { SeparateEmployeeRequestDto } from './separate-employee.request.dto';

export class SeparateEmployeeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: SeparateEmployeeRequestDto,
  ) {}
}
