import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested, IsObject } from 'class-validator';
import { ReassignLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto } from '../shared/decree.request.dto';

/** The REASSIGN line's fields without `type` and `nip`, plus the decree. */
export class ReassignEmployeeRequestDto extends OmitType(ReassignLineDto, ['type', 'nip'] as const) {
  @ApiProperty({ type: DecreeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeDto)
  decree!: DecreeDto;
}
