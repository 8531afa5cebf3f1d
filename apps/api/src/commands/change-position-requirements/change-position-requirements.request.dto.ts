import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  Max,
} from 'class-validator';
import { IsIsoDate } from '../../validation/is-iso-date.validator';

export class ChangePositionRequirementsRequestDto {
  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  kebutuhan?: number;

  @ApiPropertyOptional({ type: [String], example: ['PKA'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  requiredTrainings?: string[];

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'Anjab/ABK 2025' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  basis!: string;
}
