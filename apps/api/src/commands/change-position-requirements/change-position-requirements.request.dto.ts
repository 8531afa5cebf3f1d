import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { KebutuhanField, RequiredTrainingsField } from '../shared/position-requirements.fields';

export class ChangePositionRequirementsRequestDto {
  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @KebutuhanField()
  kebutuhan?: number;

  @RequiredTrainingsField()
  requiredTrainings?: string[];

  @ApiPropertyOptional({
    example: 'bidang-yankes',
    description: 'moves the position to this unit from effectiveDate (project addition)',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `unitId ${ID_MESSAGE}` })
  unitId?: string;

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'Anjab/ABK 2025' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  basis!: string;
}
