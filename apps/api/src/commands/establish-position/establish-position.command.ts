import type { CommandMeta } from '../../write/command-meta';
import type { EstablishPositionRequestDto } from './establish-position.request.dto';

export class EstablishPositionCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly body: EstablishPositionRequestDto,
  ) {}
}
