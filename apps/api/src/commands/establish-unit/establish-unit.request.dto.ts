import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '@asn/domain';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { IsEntityId } from '../shared/id';

export class EstablishUnitRequestDto {
  @IsEntityId('dinkes')
  id!: string;

  @ApiProperty({ example: 'Dinas Kesehatan' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @ApiPropertyOptional({ example: 'setda' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `parentId ${ID_MESSAGE}` })
  parentId?: string;

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;
}
