import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

export class PromoteEmployeeRequestDto {
  @ApiProperty({ example: 'III/d' })
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  rank!: string;

  @ApiProperty({ example: '2025-04-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @DecreeField()
  decree!: DecreeDto;
}
