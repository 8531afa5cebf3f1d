import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { FUNGSIONAL_LEVELS, POSITION_KINDS, type FungsionalLevel, type PositionKind } from '@asn/domain';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { KebutuhanField, RequiredTrainingsField } from '../shared/position-requirements.fields';
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
  @KebutuhanField()
  kebutuhan!: number;

  @RequiredTrainingsField()
  requiredTrainings?: string[];

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;
}
