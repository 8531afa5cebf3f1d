import { OmitType } from '@nestjs/swagger';
import { AppointLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

/** The APPOINT line's fields without `type` and `nip`, plus the decree. */
export class AppointEmployeeRequestDto extends OmitType(AppointLineDto, ['type', 'nip'] as const) {
  @DecreeField()
  decree!: DecreeDto;
}
