import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AbolishPosition } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { AbolishPositionCommand } from './abolish-position.command';

@CommandHandler(AbolishPositionCommand)
export class AbolishPositionHandler implements ICommandHandler<AbolishPositionCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, positionId, body }: AbolishPositionCommand): Promise<CommandResponse> {
    const data = plain<AbolishPosition['data']>({ positionId, ...body });
    return this.staffing.decide(
      meta,
      { type: 'AbolishPosition', data },
      {
        version: (state) => state.positions.get(positionId)?.version,
        decree: { number: data.decree.number },
      },
    );
  }
}
