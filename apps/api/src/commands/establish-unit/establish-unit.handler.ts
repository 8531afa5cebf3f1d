import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { EstablishUnit } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { EstablishUnitCommand } from './establish-unit.command';

@CommandHandler(EstablishUnitCommand)
export class EstablishUnitHandler implements ICommandHandler<EstablishUnitCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, body }: EstablishUnitCommand): Promise<CommandResponse> {
    const { id, ...rest } = body;
    const data = plain<EstablishUnit['data']>({ unitId: id, ...rest });
    return this.staffing.decide(meta, { type: 'EstablishUnit', data });
  }
}
