import type { CommandMeta } from '../../write/command-meta';
import type { AnnulDecreeRequestDto } from './annul-decree.request.dto';

export class AnnulDecreeCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly decreeId: string,
    readonly body: AnnulDecreeRequestDto,
  ) {}
}
