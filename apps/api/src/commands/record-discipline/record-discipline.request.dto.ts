import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DISCIPLINE_LEVELS, type DisciplineLevel } from '@asn/domain';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

export class RecordDisciplineRequestDto {
  @ApiProperty({
    enum: DISCIPLINE_LEVELS,
    description: 'hukuman disiplin ringan, sedang or berat (PP 94/2021)',
  })
  @IsIn(DISCIPLINE_LEVELS)
  level!: DisciplineLevel;

  @ApiProperty({ example: '2025-03-01', format: 'date' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ example: '2026-02-28', format: 'date', description: 'last day of the sanction (inclusive)' })
  @IsIsoDate()
  to!: string;

  @DecreeField()
  decree!: DecreeDto;
}
