import type { CommandMeta } from '../../write/command-meta';
import type { DissolveUnitRequestDto } from './dissolve-unit.request.dto';

export class DissolveUnitCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly unitId: string,
    readonly body: DissolveUnitRequestDto,
  ) {}
}
