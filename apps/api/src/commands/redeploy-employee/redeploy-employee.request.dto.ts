import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested, IsObject } from 'class-validator';
import { RedeployLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto } from '../shared/decree.request.dto';

/** The REDEPLOY line's fields without `type` and `nip`, plus the decree. */
export class RedeployEmployeeRequestDto extends OmitType(RedeployLineDto, ['type', 'nip'] as const) {
  @ApiProperty({ type: DecreeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeDto)
  decree!: DecreeDto;
}
