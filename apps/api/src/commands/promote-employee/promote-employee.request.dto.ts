import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsString, MaxLength, MinLength, ValidateNested, IsObject } from 'class-validator';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { DecreeDto } from '../shared/decree.request.dto';

export class PromoteEmployeeRequestDto {
  @ApiProperty({ example: 'III/d' })
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  rank!: string;

  @ApiProperty({ example: '2025-04-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ type: DecreeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeDto)
  decree!: DecreeDto;
}
