import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

export class AbolishPositionRequestDto {
  @ApiProperty({ example: '2025-01-01', format: 'date' })
  @IsIsoDate()
  effectiveDate!: string;

  @DecreeField()
  decree!: DecreeDto;
}
