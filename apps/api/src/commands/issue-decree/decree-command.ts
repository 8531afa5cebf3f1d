import type { DecreeLine, DecreeRef, IssueDecree } from '@asn/domain';
import type { CommandMeta } from '../../write/command-meta';
import type { CommandResponse } from '../../write/command-response';
import { decreeIdFor } from '../../write/ids';
import { StaffingOptions, StaffingWriter } from '../../write/staffing-writer';
import { plain } from '../shared/plain';
import type { DecreeDto } from '../shared/decree.request.dto';

/** The IssueDecree of a request; its id derives from the command id, so a retry issues the same decree. */
export function issueDecreeCommand(meta: CommandMeta, decree: DecreeDto, lines: object[]): IssueDecree {
  return {
    type: 'IssueDecree',
    data: {
      decreeId: decreeIdFor(meta.commandId),
      decree: plain<DecreeRef>(decree),
      lines: plain<DecreeLine[]>(lines),
    },
  };
}

/** Issues a decree; `aboutEmployee` makes If-Match refer to that employee (the single-line shortcuts). */
export function issueDecree(
  staffing: StaffingWriter,
  meta: CommandMeta,
  command: IssueDecree,
  aboutEmployee?: string,
): Promise<CommandResponse> {
  const options: StaffingOptions = {
    decree: { decreeId: command.data.decreeId, number: command.data.decree.number },
  };
  if (aboutEmployee !== undefined) options.version = (state) => state.employees.get(aboutEmployee)?.version;
  return staffing.decide(meta, command, options);
}
