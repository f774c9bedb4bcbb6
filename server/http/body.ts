/**
 * How Stockbell reads a request: JSON bodies parsed here, so a malformed body or a key that could
 * reach an object's prototype answers a 400 naming what is wrong (`body is not valid JSON: …`,
 * `body/matrix/__proto__ is not allowed`); and headers too large for the server answer 431 with
 * the same JSON error body as every other refusal, for requests to Stockbell's routes.
 */
import { STATUS_CODES, maxHeaderSize, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { BodyError } from '../errors.ts';


export function parseJsonBody(_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void {
  const text = String(body);
  if (text.trim() === '') {
    done(new BodyError('body is empty but Content-Type is application/json: send JSON, or no body and no Content-Type'));
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    done(new BodyError(`body is not valid JSON: ${(error as Error).message}`));
    return;
  }
  const forbidden = forbiddenKey(value);
  done(forbidden ? new BodyError(`${forbidden} is not allowed`) : null, forbidden ? undefined : value);
}

/**
 * The path of the first key that reaches a prototype when a parsed body is merged into an object
 * (`__proto__`, `constructor.prototype`), at any depth; walked without recursion, since the depth
 * is the sender's choice.
 */
function forbiddenKey(root: unknown): string | null {
  const stack: [unknown, string][] = [[root, 'body']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value !== 'object' || value === null) continue;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__') return `${path}/${key}`;
      if (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child) return `${path}/constructor/prototype`;
      stack.push([child, `${path}/${key}`]);
    }
  }
  return null;
}

/**
 * Node refuses headers over `maxHeaderSize` before any route runs. For a request to `prefix` the
 * answer is Stockbell's error body; other requests are left to the host's handler. Returns the
 * function that removes the listener.
 */
export function answerHeaderOverflow(server: Server, prefix: string): () => void {
  const listener = (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || socket.destroyed || !socket.writable) return;
    const line = error.rawPacket?.subarray(0, 2_048).toString('latin1').split('\r\n', 1)[0] ?? '';
    const target = line.split(' ')[1] ?? '';
    if (target !== prefix && !target.startsWith(`${prefix}/`) && !target.startsWith(`${prefix}?`)) return;
    const limit = (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize;
    const body = JSON.stringify({
      statusCode: 431,
      code: 'STOCKBELL_ERR_HEADERS_TOO_LARGE',
      error: STATUS_CODES[431],
      message: `headers are too large: this server accepts at most ${limit} bytes of request headers (cookies count)`,
    });
    socket.write(
      `HTTP/1.1 431 ${STATUS_CODES[431]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    socket.destroy();
  };
  server.prependListener('clientError', listener);
  return () => server.removeListener('clientError', listener);
}
