import type { CommandMeta } from '../../write/command-meta';
import type { AbolishPositionRequestDto } from './abolish-position.request.dto';

export class AbolishPositionCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly positionId: string,
    readonly body: AbolishPositionRequestDto,
  ) {}
}
