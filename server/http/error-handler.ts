/**
 * One error shape for every route: `{ statusCode, code, error, message }`. Validation failures
 * become 400s whose message names the field; 5xx bodies never carry internals.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation) {
    return send(reply, 400, 'STOCKBELL_ERR_VALIDATION', error.message);
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'stockbell: request failed');
    return send(reply, status, 'STOCKBELL_ERR_INTERNAL', 'Something went wrong; the error was logged');
  }
  return send(reply, status, error.code ?? 'STOCKBELL_ERR', error.message);
}

function send(reply: FastifyReply, statusCode: number, code: string, message: string): FastifyReply {
  return reply.code(statusCode).send({ statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message });
}
