import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';
import { IsIsoDate } from '../../validation/is-iso-date.validator';

export class ChangeUnitRequestDto {
  @ApiPropertyOptional({ example: 'Dinas Kesehatan dan Kesejahteraan' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({
    example: 'setda',
    nullable: true,
    description: 'the new parent unit; null makes the unit top-level',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `parentId ${ID_MESSAGE}` })
  parentId?: string | null;

  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'Perda Kota Semarang 5/2025 tentang Perangkat Daerah' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  basis!: string;
}
