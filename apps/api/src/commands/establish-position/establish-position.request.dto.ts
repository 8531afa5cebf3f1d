import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  Max,
} from 'class-validator';
import { FUNGSIONAL_LEVELS, POSITION_KINDS, type FungsionalLevel, type PositionKind } from '@asn/domain';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { IsEntityId } from '../shared/id';

export class EstablishPositionRequestDto {
  @IsEntityId('kabid-p2p')
  id!: string;

  @ApiProperty({ example: 'dinkes' })
  @Matches(ID_PATTERN, { message: `unitId ${ID_MESSAGE}` })
  unitId!: string;

  @ApiProperty({ example: 'Kepala Bidang Pencegahan dan Pengendalian Penyakit' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiProperty({ enum: POSITION_KINDS })
  @IsIn(POSITION_KINDS)
  kind!: PositionKind;

  @ApiPropertyOptional({ enum: FUNGSIONAL_LEVELS, description: 'required for FUNGSIONAL' })
  @IsOptional()
  @IsIn(FUNGSIONAL_LEVELS)
  level?: FungsionalLevel;

  @ApiProperty({ example: 1, description: 'required headcount (may be fractional FTE)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000)
  kebutuhan!: number;

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
}
