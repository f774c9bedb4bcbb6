/**
 * Validation messages that name the field: "body/quantity is required", "body/quantity must be >= 0",
 * "body/colour is not allowed" (the same wording as Stockbell's own routes).
 */
import type { FastifySchemaValidationError } from 'fastify';

export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const first = errors[0];
  if (!first) return new Error(`${dataVar} is invalid`);
  const path = `${dataVar}${first.instancePath ?? ''}`;
  const params = (first.params ?? {}) as Record<string, unknown>;
  const names = (value: unknown): string => (Array.isArray(value) ? value.join(', ') : String(value));
  switch (first.keyword) {
    case 'required':
      return new Error(`${path}/${names(params.requiredProperties ?? params.missingProperty)} is required`);
    case 'additionalProperties':
      return new Error(`${path}/${names(params.additionalProperties ?? params.additionalProperty)} is not allowed`);
    case 'boolean':
      // TypeBox reports an unknown property as the `false` schema at its path.
      return new Error(`${path} is not allowed`);
    default:
      return new Error(`${path} ${first.message ?? 'is invalid'}`);
  }
}
