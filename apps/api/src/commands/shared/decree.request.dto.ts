import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DECREE_KINDS, type DecreeKind } from '@asn/domain';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { IsNip } from '../../validation/is-nip.validator';

export class DecreeSignerDto {
  @ApiPropertyOptional({ example: 'Wali Kota Semarang' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '197001011995031001', description: '18 digits' })
  @IsOptional()
  @IsNip()
  nip?: string;
}

/**
 * The SK or surat perintah behind a change. Every field is optional here (typed when present): an
 * incomplete decree is the domain's DECREE_INCOMPLETE (422), not a malformed request.
 */
export class DecreeDto {
  @ApiPropertyOptional({ example: '800/123/2025' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  number?: string;

  @ApiPropertyOptional({ example: '2025-01-02', format: 'date' })
  @IsOptional()
  @IsIsoDate()
  signedOn?: string;

  @ApiPropertyOptional({ type: DecreeSignerDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeSignerDto)
  signer?: DecreeSignerDto;

  @ApiPropertyOptional({ enum: DECREE_KINDS })
  @IsOptional()
  @IsIn(DECREE_KINDS)
  kind?: DecreeKind;

  @ApiPropertyOptional({
    description: 'Mendagri approval reference (replacing a manajerial holder in an election window)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  mendagriApproval?: string;
}

/** The `decree` field of a command: required, a nested DecreeDto validated field by field. */
export const DecreeField = (description?: string) =>
  applyDecorators(
    ApiProperty({ type: DecreeDto, ...(description && { description }) }),
    IsDefined(),
    IsObject(),
    ValidateNested(),
    Type(() => DecreeDto),
  );
