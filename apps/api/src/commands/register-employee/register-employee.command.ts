import type { CommandMeta } from '../../write/command-meta';
import type { RegisterEmployeeRequestDto } from './register-employee.request.dto';

export class RegisterEmployeeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly body: RegisterEmployeeRequestDto,
  ) {}
}
