/**
 * Real receivers on loopback for channel and delivery tests: an SMTP server (smtp-server +
 * mailparser) and an HTTP server standing in for Slack, Discord, Teams and webhook receivers.
 * Both listen on 127.0.0.1:0 (no fixed ports) and record what arrives; both can be told to fail.
 *
 *   import { test } from './support/receivers.ts';
 *   test('…', async ({ smtp, http }) => { … });   // started on first use, closed after the test
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { test as base } from 'vitest';

const HOST = '127.0.0.1';

async function waitUntil<T>(what: string, timeoutMs: number, ready: () => T | null): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = ready();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---------------------------------------------------------------------------------------------
// SMTP

export interface ReceivedMail {
  envelope: { mailFrom: string | null; rcptTo: string[] };
  parsed: ParsedMail;
  raw: string;
}

export interface SmtpRejection {
  /** SMTP reply code: 4xx temporary (451), 5xx permanent (550). */
  responseCode: number;
  message?: string;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  /** Every message accepted, in arrival order. */
  messages: ReceivedMail[];
  /** Resolves once at least `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Answer the next `times` messages' DATA with this error instead of accepting them. */
  reject(rejection: SmtpRejection, times?: number): void;
  /** "SMTP down": stop listening and drop open connections; clients get ECONNREFUSED. */
  down(): Promise<void>;
  /** Listen again on the same port. */
  up(): Promise<void>;
  /** A nodemailer transporter for this receiver (plain SMTP on loopback, no TLS). */
  transport(): ReturnType<typeof createTransport>;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const rejections: SmtpRejection[] = [];
  const transports: ReturnType<typeof createTransport>[] = [];
  const address = (a: SMTPServerAddress) => a.address;

  const makeServer = () =>
    new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      closeTimeout: 50,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const rejection = rejections.shift();
          if (rejection) {
            const err = Object.assign(new Error(rejection.message ?? 'rejected by test'), {
              responseCode: rejection.responseCode,
            });
            callback(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              const from = session.envelope.mailFrom;
              messages.push({
                envelope: { mailFrom: from ? address(from) : null, rcptTo: session.envelope.rcptTo.map(address) },
                parsed,
                raw,
              });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });

  let server = makeServer();
  server.on('error', () => {});
  server.listen(0, HOST);
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  let listening = true;

  const stop = async () => {
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    host: HOST,
    port,
    messages,
    waitFor: (count, timeoutMs = 5000) =>
      waitUntil(`${count} mail(s)`, timeoutMs, () => (messages.length >= count ? messages : null)),
    reject(rejection, times = 1) {
      for (let i = 0; i < times; i++) rejections.push(rejection);
    },
    down: stop,
    async up() {
      if (listening) return;
      server = makeServer();
      server.on('error', () => {});
      server.listen(port, HOST);
      await once(server.server, 'listening');
      listening = true;
    },
    transport() {
      const t = createTransport({ host: HOST, port, secure: false, ignoreTLS: true, connectionTimeout: 2000, greetingTimeout: 2000 });
      transports.push(t);
      return t;
    },
    async close() {
      for (const t of transports) t.close();
      await stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ResponseSpec {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  /** Drop the connection without answering (network errors). */
  destroy?: boolean;
}

export interface HttpReceiver {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** A URL on this receiver, e.g. `url('/services/T000/B000/secret')`. */
  url(path?: string): string;
  /** Every request, in arrival order (answered or not). */
  requests: ReceivedRequest[];
  /** Answer the next requests with these responses, in order; afterwards `fallback` (200 "ok"). */
  respondWith(sequence: ResponseSpec[], fallback?: ResponseSpec): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startHttpReceiver(sequence: ResponseSpec[] = []): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let queue = [...sequence];
  let fallback: ResponseSpec = { status: 200, body: 'ok' };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const spec = queue.shift() ?? fallback;
      const answer = () => {
        if (spec.destroy) {
          req.socket.destroy();
          return;
        }
        res.writeHead(spec.status, { 'content-type': 'text/plain', ...spec.headers });
        res.end(spec.body ?? '');
      };
      if (spec.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, spec.delayMs);
        timers.add(timer);
      } else answer();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, HOST);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  return {
    port,
    origin,
    url: (path = '/hook') => `${origin}${path}`,
    requests,
    respondWith(next, nextFallback) {
      queue = [...next];
      if (nextFallback) fallback = nextFallback;
    },
    waitFor: (count, timeoutMs = 5000) =>
      waitUntil(`${count} request(s)`, timeoutMs, () => (requests.length >= count ? requests : null)),
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// vitest fixtures

/** `test` with `smtp` and `http` receivers, each started on first use and closed after the test. */
export const test = base
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('smtp', async ({}, { onCleanup }) => {
    const receiver = await startSmtpReceiver();
    onCleanup(() => receiver.close());
    return receiver;
  })
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('http', async ({}, { onCleanup }) => {
    const receiver = await startHttpReceiver();
    onCleanup(() => receiver.close());
    return receiver;
  });
