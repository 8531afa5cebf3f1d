import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { ChangePositionRequirements } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { ChangePositionRequirementsCommand } from './change-position-requirements.command';

@CommandHandler(ChangePositionRequirementsCommand)
export class ChangePositionRequirementsHandler implements ICommandHandler<
  ChangePositionRequirementsCommand,
  CommandResponse
> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, positionId, body }: ChangePositionRequirementsCommand): Promise<CommandResponse> {
    const data = plain<ChangePositionRequirements['data']>({ positionId, ...body });
    return this.staffing.decide(
      meta,
      { type: 'ChangePositionRequirements', data },
      { version: (state) => state.positions.get(positionId)?.version },
    );
  }
}
