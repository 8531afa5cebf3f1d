import type { CommandMeta } from '../../write/command-meta';
import type { EstablishUnitRequestDto } from './establish-unit.request.dto';

export class EstablishUnitCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly body: EstablishUnitRequestDto,
  ) {}
}
