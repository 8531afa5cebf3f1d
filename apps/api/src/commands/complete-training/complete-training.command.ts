import type { CommandMeta } from '../../write/command-meta';
import type { CompleteTrainingRequestDto } from './complete-training.request.dto';

export class CompleteTrainingCommand {
  constructor(
    readonly meta: CommandMeta,
    readonly nip: string,
    readonly body: CompleteTrainingRequestDto,
  ) {}
}
