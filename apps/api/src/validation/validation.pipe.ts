import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, ProblemViolation } from '../errors/problem';
import { cacheValidationMetadata } from './metadata-cache';

export const MAX_DECREE_LINES = 1000;

function flatten(errors: ValidationError[], prefix = ''): ProblemViolation[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      code,
      message: code === 'whitelistValidation' ? `${field} is not a known field` : message,
      field,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The global ValidationPipe: 400 VALIDATION_FAILED naming each bad field; 413 for a decree over the line limit. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const violations = flatten(errors);
      // Only a real array that is too long is a 413; a missing or non-array `lines` is a 400.
      const oversized = errors.some(
        (e) => e.property === 'lines' && Array.isArray(e.value) && e.value.length > MAX_DECREE_LINES,
      );
      const tooMany = oversized && violations.find((v) => v.field === 'lines' && v.code === 'arrayMaxSize');
      if (tooMany) {
        return new ProblemException(
          'PAYLOAD_TOO_LARGE',
          `a decree holds at most ${MAX_DECREE_LINES} lines; split it into several decrees`,
          [tooMany],
        );
      }
      // One message per field in the detail; every failed constraint stays in `violations`.
      const firstPerField = [...new Map(violations.map((v) => [v.field, v.message])).values()];
      const detail = firstPerField.length
        ? firstPerField.slice(0, 5).join('; ') +
          (firstPerField.length > 5 ? `; and ${firstPerField.length - 5} more fields` : '')
        : 'the request is malformed';
      return new ProblemException('VALIDATION_FAILED', detail, violations);
    },
  });
}
