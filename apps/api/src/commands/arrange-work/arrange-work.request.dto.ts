import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  WORK_DAYS,
  WORK_LOCATIONS,
  WORK_TIMES,
  type WorkDay,
  type WorkLocation,
  type WorkTime,
} from '@asn/domain';
import { IsIsoDate } from '../../validation/is-iso-date.validator';

export class ArrangeWorkRequestDto {
  @ApiProperty({ enum: WORK_LOCATIONS })
  @IsIn(WORK_LOCATIONS)
  location!: WorkLocation;

  @ApiProperty({ enum: WORK_DAYS, isArray: true, description: 'more than 2 is FLEX_LIMIT (422)' })
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(WORK_DAYS, { each: true })
  flexibleDays!: WorkDay[];

  @ApiProperty({ enum: WORK_TIMES })
  @IsIn(WORK_TIMES)
  time!: WorkTime;

  @ApiProperty({ example: '2025-01-06', format: 'date' })
  @IsIsoDate()
  from!: string;

  @ApiPropertyOptional({
    example: '2025-12-31',
    format: 'date',
    description: 'inclusive; open-ended when absent',
  })
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @ApiProperty({ example: 'SE Sekda 800/2025' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  basis!: string;

  @ApiProperty({ example: 'Kepala Dinas Kesehatan' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  approvedBy!: string;
}
