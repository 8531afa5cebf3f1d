import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EMPLOYEE_KINDS, type EmployeeKind, type Sex } from '@asn/domain';
import { IsIsoDate } from '../../validation/is-iso-date.validator';
import { IsNip } from '../../validation/is-nip.validator';

export class RegisterEmployeeRequestDto {
  @ApiProperty({ example: '198503152010011001', description: 'NIP or NI PPPK, 18 digits' })
  @IsNip()
  nip!: string;

  @ApiProperty({ example: 'Budi Santoso' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: EMPLOYEE_KINDS })
  @IsIn(EMPLOYEE_KINDS)
  kind!: EmployeeKind;

  @ApiProperty({ example: 'III/c', description: 'PNS pangkat (I/a .. IV/e) or PPPK golongan (I .. XVII)' })
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  rank!: string;

  @ApiProperty({ example: '2010-01-01', format: 'date' })
  @IsIsoDate()
  joinedOn!: string;

  @ApiPropertyOptional({ example: '1985-03-15', format: 'date', description: 'must match the NIP' })
  @IsOptional()
  @IsIsoDate()
  birthDate?: string;

  @ApiPropertyOptional({ enum: ['M', 'F'], description: 'must match the NIP' })
  @IsOptional()
  @IsIn(['M', 'F'])
  sex?: Sex;
}
