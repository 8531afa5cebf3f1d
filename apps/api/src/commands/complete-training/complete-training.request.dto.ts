import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, MaxLength, MinLength, Max } from 'class-validator';
import { TRAINING_CATEGORIES, type TrainingCategory } from '@asn/domain';
import { IsIsoDate } from '../../validation/is-iso-date.validator';

export class CompleteTrainingRequestDto {
  @ApiProperty({ example: 'PKA' })
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  code!: string;

  @ApiProperty({ example: 'Pelatihan Kepemimpinan Administrator' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: TRAINING_CATEGORIES })
  @IsIn(TRAINING_CATEGORIES)
  category!: TrainingCategory;

  @ApiProperty({ example: 'BPSDM Jawa Tengah' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  provider!: string;

  @ApiProperty({ example: 'PKA-2024-0001', description: 'a missing certificate is TRAINING_INVALID (422)' })
  @IsString()
  @MaxLength(200)
  certificateNumber!: string;

  @ApiProperty({ example: '2024-03-01', format: 'date' })
  @IsIsoDate()
  startDate!: string;

  @ApiProperty({ example: '2024-05-31', format: 'date' })
  @IsIsoDate()
  endDate!: string;

  @ApiProperty({ example: 40, description: 'JP; 0 or less is TRAINING_INVALID (422)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Max(1000)
  hours!: number;
}
