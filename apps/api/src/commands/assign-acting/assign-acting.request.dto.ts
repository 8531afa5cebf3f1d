import { OmitType } from '@nestjs/swagger';
import { ActingLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

/** The ACTING line's fields without `type` and `nip`, plus the decree. */
export class AssignActingRequestDto extends OmitType(ActingLineDto, ['type', 'nip'] as const) {
  @DecreeField()
  decree!: DecreeDto;
}
