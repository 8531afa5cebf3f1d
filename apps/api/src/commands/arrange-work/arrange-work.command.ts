import type { CommandMeta } from '../../write/command-meta';
import type { ArrangeWorkRequestDto } from './arrange-work.request.dto';

export class ArrangeWorkCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: ArrangeWorkRequestDto,
  ) {}
}
