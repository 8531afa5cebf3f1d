import type { CommandMeta } from '../../write/command-meta';
import type { ChangeUnitRequestDto } from './change-unit.request.dto';

export class ChangeUnitCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly unitId: string,
    readonly body: ChangeUnitRequestDto,
  ) {}
}
