import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested, IsObject } from 'class-validator';
import { ActingLineDto } from '../issue-decree/decree-line.request.dto';
import { DecreeDto } from '../shared/decree.request.dto';

/** The ACTING line's fields without `type` and `nip`, plus the decree. */
export class AssignActingRequestDto extends OmitType(ActingLineDto, ['type', 'nip'] as const) {
  @ApiProperty({ type: DecreeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeDto)
  decree!: DecreeDto;
}
