import { OmitType } from '@nestjs/swagger';
import { RedeployLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

/** The REDEPLOY line's fields without `type` and `nip`, plus the decree. */
export class RedeployEmployeeRequestDto extends OmitType(RedeployLineDto, ['type', 'nip'] as const) {
  @DecreeField()
  decree!: DecreeDto;
}
