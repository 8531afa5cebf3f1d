import { Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from '../errors/problem';
import { nipShapeProblem } from './is-nip.validator';

/** Validates a `:nip` path parameter (18 digits) -> 400 naming the field `nip`. */
@Injectable()
export class NipPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const message = nipShapeProblem(value);
    if (message) {
      throw new ProblemException('VALIDATION_FAILED', message, [{ code: 'isNip', message, field: 'nip' }]);
    }
    return value;
  }
}
