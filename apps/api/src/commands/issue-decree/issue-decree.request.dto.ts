import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import { MAX_DECREE_LINES } from '../../validation/validation.pipe';
import { DecreeDto, DecreeField } from '../shared/decree.request.dto';
import { DecreeLineDto, LINE_CLASSES, LineType, UnknownLineDto } from './decree-line.request.dto';

/** Builds each line as the class of its `type`, so its fields are validated (and unknown ones refused) by type. */
function toLine(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const type = (value as { type?: unknown }).type;
  const cls = typeof type === 'string' ? LINE_CLASSES[type as LineType] : undefined;
  if (!cls) return Object.assign(new UnknownLineDto(), { type });
  return plainToInstance(cls, value);
}

export class IssueDecreeRequestDto {
  @DecreeField()
  decree!: DecreeDto;

  @ApiProperty({
    description: `1 to ${MAX_DECREE_LINES} lines, applied atomically (413 above ${MAX_DECREE_LINES})`,
    type: 'array',
    items: {
      oneOf: Object.values(LINE_CLASSES).map((cls) => ({ $ref: getSchemaPath(cls) })),
      discriminator: { propertyName: 'type' },
    },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DECREE_LINES)
  @ValidateNested({ each: true })
  @Transform(({ obj }) => {
    const lines = (obj as { lines?: unknown }).lines;
    return Array.isArray(lines) ? lines.map(toLine) : lines;
  })
  lines!: DecreeLineDto[];

  @ApiPropertyOptional({
    description: 'check only: 200 with the verdict and the changes; nothing is written',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
