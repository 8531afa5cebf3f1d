import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RegisterEmployee } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { RegisterEmployeeCommand } from './register-employee.command';

@CommandHandler(RegisterEmployeeCommand)
export class RegisterEmployeeHandler implements ICommandHandler<RegisterEmployeeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, body }: RegisterEmployeeCommand): Promise<CommandResponse> {
    return this.staffing.decide(meta, {
      type: 'RegisterEmployee',
      data: plain<RegisterEmployee['data']>(body),
    });
  }
}
