/**
 * The first thing a value gets wrong against a schema, said the way every Stockbell error says it:
 * the path of the field, and what is wrong with it (`subject is required`, `colour is not allowed`).
 * Used where input arrives without passing through a route's validator (in-process calls, options).
 */
import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { Value } from 'typebox/value';

export interface Problem {
  /** Path to the field, e.g. `['delivery', 'leaseMs']`; for an unknown field, its own name is last. */
  path: string[];
  message: string;
  /** Set when the field is not one the schema knows. */
  unknown?: true;
}

export function firstProblem(schema: TSchema, value: unknown): Problem | null {
  // The usual case, a valid value, costs one compiled check; only a wrong one is walked for its error.
  if (compiled(schema).Check(value)) return null;
  const error = Value.Errors(schema, value)[0];
  if (!error) return null;
  const path = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as { additionalProperties?: string[]; requiredProperties?: string[] };
  // A closed object reports an unknown field twice: as a `false` schema at the field, then here.
  if (error.keyword === 'boolean') return { path, message: 'is not allowed', unknown: true };
  if (error.keyword === 'additionalProperties') return { path: [...path, params.additionalProperties?.[0] ?? ''], message: 'is not allowed', unknown: true };
  if (error.keyword === 'required') return { path: [...path, params.requiredProperties?.[0] ?? ''], message: 'is required' };
  return { path, message: error.message };
}

const validators = new WeakMap<TSchema, Validator>();

/** One compiled check per schema: the interpreted `Value.Check` cost 18 % of an inbox page's CPU. */
export function compiled(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}
