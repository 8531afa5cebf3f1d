import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CompleteTraining } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { EmployeeWriter } from '../../write/employee-writer';
import { plain } from '../shared/plain';
import { CompleteTrainingCommand } from './complete-training.command';

@CommandHandler(CompleteTrainingCommand)
export class CompleteTrainingHandler implements ICommandHandler<CompleteTrainingCommand, CommandResponse> {
  constructor(private readonly employees: EmployeeWriter) {}

  execute({ meta, nip, body }: CompleteTrainingCommand): Promise<CommandResponse> {
    const data = plain<CompleteTraining['data']>({ nip, ...body });
    return this.employees.decide(meta, { type: 'CompleteTraining', data });
  }
}
