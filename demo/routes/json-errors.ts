/**
 * Errors of the demo's JSON routes: `{ statusCode, code, error, message }`; validation is a 400
 * whose message names the field; 5xx bodies never carry internals.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';

export function jsonErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    let code = error.code ?? 'DEMO_ERR';
    let message = error.message;
    if (error.validation) {
      status = 400;
      code = 'DEMO_ERR_VALIDATION';
    } else if (status >= 500) {
      request.log.error({ err: error }, 'demo request failed');
      code = 'DEMO_ERR_INTERNAL';
      message = 'Something went wrong; the error was logged';
    }
    return reply.code(status).send({ statusCode: status, code, error: STATUS_CODES[status] ?? 'Error', message });
  });
}
