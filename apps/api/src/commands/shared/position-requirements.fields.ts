import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** Kebutuhan: a headcount from Anjab/ABK, which may be a fractional FTE. */
export const KebutuhanField = () =>
  applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(100_000));

/** Codes of the trainings a position requires (e.g. PKA). */
export const RequiredTrainingsField = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: ['PKA'] }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(100),
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(50, { each: true }),
  );
