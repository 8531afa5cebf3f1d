import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AnnulDecree } from '@asn/domain';
import type { CommandResponse } from '../../write/command-response';
import { StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import { AnnulDecreeCommand } from './annul-decree.command';

@CommandHandler(AnnulDecreeCommand)
export class AnnulDecreeHandler implements ICommandHandler<AnnulDecreeCommand, CommandResponse> {
  constructor(private readonly staffing: StaffingWriter) {}

  execute({ meta, decreeId, body }: AnnulDecreeCommand): Promise<CommandResponse> {
    const data = plain<AnnulDecree['data']>({ decreeId, ...body });
    return this.staffing.decide(
      meta,
      { type: 'AnnulDecree', data },
      {
        version: (state) => state.decrees.get(decreeId)?.version,
        decree: { decreeId, number: data.decree.number },
      },
    );
  }
}
