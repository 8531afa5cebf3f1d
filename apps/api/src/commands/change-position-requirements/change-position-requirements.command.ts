import type { CommandMeta } from '../../write/command-meta';
import type { ChangePositionRequirementsRequestDto } from './change-position-requirements.request.dto';

export class ChangePositionRequirementsCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly positionId: string,
    readonly body: ChangePositionRequirementsRequestDto,
  ) {}
}
