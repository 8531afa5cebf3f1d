import type { CommandMeta } from '../../write/command-meta';
import type { RedeployEmployeeRequestDto } from './redeploy-employee.request.dto';

export class RedeployEmployeeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: RedeployEmployeeRequestDto,
  ) {}
}
