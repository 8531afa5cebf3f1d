import type { CommandMeta } from '../../write/command-meta';
import type { RecordAbsenceRequestDto } from './record-absence.request.dto';

export class RecordAbsenceCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: RecordAbsenceRequestDto,
  ) {}
}
