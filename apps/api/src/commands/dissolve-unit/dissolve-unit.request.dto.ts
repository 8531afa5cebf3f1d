import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested, IsObject } from 'class-validator';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { DecreeDto } from '../shared/decree.request.dto';

export class DissolveUnitRequestDto {
  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ type: DecreeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeDto)
  decree!: DecreeDto;
}
