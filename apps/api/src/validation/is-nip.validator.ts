import { registerDecorator, ValidationOptions } from 'class-validator';

export const NIP_PATTERN = /^\d{18}$/;

/** Shape check only (18 digits): a well-shaped number that fails the identity rules is NIP_INVALID (422). */
export function nipShapeProblem(value: unknown, label = 'NIP'): string | undefined {
  if (typeof value !== 'string') return `${label} must be a string of 18 digits`;
  if (!/^\d+$/.test(value)) return `${label} ${value} must contain digits only`;
  if (value.length !== 18) return `${label} ${value} has ${value.length} digits; a ${label} has 18`;
  return undefined;
}

export function IsNip(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNip',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: ({ value }) => nipShapeProblem(value) ?? 'invalid NIP', ...options },
      validator: { validate: (value: unknown) => nipShapeProblem(value) === undefined },
    });
}
