/**
 * The mail transport, made once at registration: SMTP from the `smtp` option (pooled: one
 * connection per concurrent send, reused), the host's own transporter, or — without SMTP — a
 * transport that writes each mail to the app log, so a demo or a fresh install shows what it
 * would have sent instead of failing. Closed on app close (only what we created).
 */
import type { FastifyBaseLogger } from 'fastify';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type { MailTransport } from '../channels/index.ts';
import type { ResolvedSmtp } from './delivery-options.ts';

export interface Mailer {
  transport: MailTransport;
  /** How mail leaves: `smtp`, the host's `transport`, or the `log`. */
  kind: 'smtp' | 'transport' | 'log';
  close(): void;
}

export function createMailer(smtp: ResolvedSmtp, log: FastifyBaseLogger, connections: number, timeoutMs: number): Mailer {
  switch (smtp.type) {
    case 'url':
    case 'options': {
      const options = smtp.type === 'url' ? { url: smtp.url } : smtp.options;
      // Timeouts within the job's lease (nodemailer's own defaults run to minutes); the host's options win.
      const transporter = createTransport({
        pool: true,
        maxConnections: connections,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs * 3,
        ...options,
      });
      return { transport: transporter, kind: 'smtp', close: () => transporter.close() };
    }
    case 'transport':
      return { transport: smtp.transport, kind: 'transport', close: () => {} };
    default:
      return { transport: logTransport(log), kind: 'log', close: () => {} };
  }
}

function logTransport(log: FastifyBaseLogger): MailTransport {
  const json = createTransport({ jsonTransport: true });
  return {
    async sendMail(mail: SendMailOptions) {
      const info = (await json.sendMail(mail)) as { messageId?: string };
      const to = typeof mail.to === 'object' && mail.to && 'address' in mail.to ? mail.to.address : mail.to;
      log.info(
        { mail: { to, subject: mail.subject, messageId: info.messageId, text: mail.text } },
        'stockbell: email (no SMTP configured, so it is logged instead of sent)',
      );
      return info;
    },
  };
}
