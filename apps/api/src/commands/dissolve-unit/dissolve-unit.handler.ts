import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { DissolveUnit } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { DissolveUnitCommand } from './dissolve-unit.command';

@CommandHandler(DissolveUnitCommand)
export class DissolveUnitHandler implements ICommandHandler<DissolveUnitCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, unitId, body }: DissolveUnitCommand): Promise<CommandResponse> {
    const data = plain<DissolveUnit['data']>({ unitId, ...body });
    return this.staffing.decide(
      meta,
      { type: 'DissolveUnit', data },
      {
        version: (state) => state.units.get(unitId)?.version,
        decree: { number: data.decree.number },
      },
    );
  }
}
