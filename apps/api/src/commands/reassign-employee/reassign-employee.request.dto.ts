import { OmitType } from '@nestjs/swagger';
import { ReassignLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

/** The REASSIGN line's fields without `type` and `nip`, plus the decree. */
export class ReassignEmployeeRequestDto extends OmitType(ReassignLineDto, ['type', 'nip'] as const) {
  @DecreeField()
  decree!: DecreeDto;
}
