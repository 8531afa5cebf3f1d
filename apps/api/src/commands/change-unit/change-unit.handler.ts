import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ChangeUnit } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { ChangeUnitCommand } from './change-unit.command';

@CommandHandler(ChangeUnitCommand)
export class ChangeUnitHandler implements ICommandHandler<ChangeUnitCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, unitId, body }: ChangeUnitCommand): Promise<CommandResponse> {
    const data = plain<ChangeUnit['data']>({ unitId, ...body });
    return this.staffing.decide(
      meta,
      { type: 'ChangeUnit', data },
      { version: (state) => state.units.get(unitId)?.version },
    );
  }
}
