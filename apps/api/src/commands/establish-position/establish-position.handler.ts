import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { EstablishPosition } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { EstablishPositionCommand } from './establish-position.command';

@CommandHandler(EstablishPositionCommand)
export class EstablishPositionHandler implements ICommandHandler<EstablishPositionCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, body }: EstablishPositionCommand): Promise<CommandResponse> {
    const { id, ...rest } = body;
    const data = plain<EstablishPosition['data']>({ positionId: id, ...rest });
    return this.staffing.decide(meta, { type: 'EstablishPosition', data });
  }
}
