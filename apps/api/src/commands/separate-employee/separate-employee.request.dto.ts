import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SEPARATION_REASONS, type SeparationReason } from '@asn/domain';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

export class SeparateEmployeeRequestDto {
  @ApiProperty({ enum: SEPARATION_REASONS })
  @IsIn(SEPARATION_REASONS)
  reason!: SeparationReason;

  @ApiProperty({ example: '2025-04-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @DecreeField()
  decree!: DecreeDto;
}
