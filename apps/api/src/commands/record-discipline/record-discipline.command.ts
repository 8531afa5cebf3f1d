import type { CommandMeta } from '../../write/command-meta';
import type { RecordDisciplineRequestDto } from './record-discipline.request.dto';

export class RecordDisciplineCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: RecordDisciplineRequestDto,
  ) {}
}
