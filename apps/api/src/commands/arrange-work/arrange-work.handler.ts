import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ArrangeWork } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { EmployeeWriter } from '../../write/employee-writer';
import { plain } from '../shared/plain';
import { ArrangeWorkCommand } from './arrange-work.command';

@CommandHandler(ArrangeWorkCommand)
export class ArrangeWorkHandler implements ICommandHandler<ArrangeWorkCommand, CommandResponse> {
  constructor(private readonly employees: EmployeeWriter) {}

  execute({ meta, nip, body }: ArrangeWorkCommand): Promise<CommandResponse> {
    const data = plain<ArrangeWork['data']>({ nip, ...body });
    return this.employees.decide(meta, { type: 'ArrangeWork', data });
  }
}
