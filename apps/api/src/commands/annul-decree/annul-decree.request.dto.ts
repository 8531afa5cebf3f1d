import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsString, MaxLength, MinLength, ValidateNested, IsObject } from 'class-validator';
import { DecreeDto } from '../shared/decree.request.dto';

export class AnnulDecreeRequestDto {
  @ApiProperty({ example: 'salah ketik NIP pada lampiran' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;

  @ApiProperty({ type: DecreeDto, description: 'the annulling decree' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DecreeDto)
  decree!: DecreeDto;
}
