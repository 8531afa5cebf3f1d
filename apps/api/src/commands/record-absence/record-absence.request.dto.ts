import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsIsoDate } from '../../validation/is-iso-date.validator';

export class RecordAbsenceRequestDto {
  @ApiProperty({ example: '2025-02-03', format: 'date' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ example: '2025-02-14', format: 'date', description: 'last day of the absence (inclusive)' })
  @IsIsoDate()
  to!: string;

  @ApiProperty({ example: 'cuti tahunan' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}
