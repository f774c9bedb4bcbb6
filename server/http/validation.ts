/**
 * Stockbell validates strictly in its own encapsulated context, whatever the host's Ajv settings:
 * unknown body fields are rejected (not silently dropped), and the message names the field.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';

function makeAjv(coerceTypes: boolean) {
  const ajv = new Ajv.default({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const strict = makeAjv(false);
/** Query strings and path params are text on the wire: "20" may be the integer 20. */
const coercing = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** "body/ids must NOT have fewer than 1 items", "body/colour is not allowed", "querystring/state is required". */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const first = errors[0] as (FastifySchemaValidationError & Partial<ErrorObject>) | undefined;
  if (!first) return new Error(`${dataVar} is invalid`);
  const path = `${dataVar}${first.instancePath ?? ''}`;
  const params = (first.params ?? {}) as Record<string, unknown>;
  if (first.keyword === 'additionalProperties') return new Error(`${path}/${String(params.additionalProperty)} is not allowed`);
  if (first.keyword === 'required') return new Error(`${path}/${String(params.missingProperty)} is required`);
  return new Error(`${path} ${first.message ?? 'is invalid'}`);
}
