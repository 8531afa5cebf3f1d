import { Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from '../errors/problem';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_MESSAGE = 'must be 1-128 characters: letters, digits, ".", "_", ":" or "-"';

/** Validates an `:id` path parameter (unit, position or decree id) -> 400 naming the field `id`. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID_PATTERN.test(value)) {
      const message = `id ${ID_MESSAGE}`;
      throw new ProblemException('VALIDATION_FAILED', message, [{ code: 'matches', message, field: 'id' }]);
    }
    return value;
  }
}
