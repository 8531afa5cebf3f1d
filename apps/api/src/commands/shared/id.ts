import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../validation/id.pipe';

/** An entity id (unit, position): 1-128 characters of letters, digits, `.`, `_`, `:`, `-`. */
export const IsEntityId = (example = 'dinkes') =>
  applyDecorators(
    ApiProperty({ example, pattern: ID_PATTERN.source }),
    IsString(),
    Matches(ID_PATTERN, { message: ({ property }) => `${property} ${ID_MESSAGE}` }),
  );
