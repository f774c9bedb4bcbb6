/**
 * "Send test": one message to one endpoint now, through its real channel and the endpoint policy,
 * not as a job (the user is waiting for the answer, and a test that fails must not be retried).
 */
import { randomUUID } from 'node:crypto';
import { channels, type OutgoingMessage, type SendContext } from '../channels/index.ts';
import type { TestResult } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { catalogFor } from '../messages/index.ts';
import { type EndpointRow, type GlobalSettings, sendingEndpoint } from '../settings/index.ts';
import { policyCache } from './sender.ts';

const policyFor = policyCache();

export async function sendTestMessage(
  ctx: Context,
  endpoint: EndpointRow,
  recipient: { id: string; name: string },
  settings: GlobalSettings,
): Promise<TestResult> {
  const text = catalogFor(null).testMessage;
  const message: OutgoingMessage = {
    deliveryId: `test.${randomUUID()}`,
    kind: 'message',
    subject: text.subject,
    body: text.body(endpoint.name),
    reason: text.reason,
    link: settings.publicUrl,
    data: {},
    createdAt: ctx.clock.now(),
    recipient: { id: recipient.id, name: recipient.name, email: null },
    locale: null,
  };
  const send: SendContext = {
    clock: ctx.clock,
    endpointPolicy: policyFor(settings.endpointAllowList),
    timeoutMs: ctx.options.delivery.timeoutMs,
  };
  const result = await channels[endpoint.channel].send(message, sendingEndpoint(endpoint, ctx.clock.now()), send);
  return result.ok ? { ok: true, error: null } : { ok: false, error: result.error };
}
