import type { CommandMeta } from '../../write/command-meta';
import type { AppointEmployeeRequestDto } from './appoint-employee.request.dto';

export class AppointEmployeeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: AppointEmployeeRequestDto,
  ) {}
}
