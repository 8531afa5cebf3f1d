import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';

export class AnnulDecreeRequestDto {
  @ApiProperty({ example: 'salah ketik NIP pada lampiran' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;

  @DecreeField('the annulling decree')
  decree!: DecreeDto;
}
