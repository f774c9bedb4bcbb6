/**
 * A trace in words: each check's sentence, the short form of what failed (for the headline), a
 * channel's line and a delivery's. Pure, over the translator, so they are easy to test.
 */
import type { Params, Translator } from './messages/index.ts';
import type { MessageId } from './messages/index.ts';
import type { Trace, TraceChannel, TraceCheck, TraceDelivery } from './types.ts';

/** Every check's sentence, passing or failing. */
export function checkText(i18n: Translator, check: TraceCheck, now: number): string {
  const id = `why.check.${check.step}` as const;
  switch (check.step) {
    case 'belowMinimum': {
      const params = { stock: check.stock, minimum: check.minimum };
      if (check.ok) return i18n.t(id, params);
      return i18n.t(check.minimum > 0 ? 'why.check.belowMinimum.no' : 'why.check.belowMinimum.none', params);
    }
    case 'newlyLow':
      return check.ok ? i18n.t(id) : i18n.t('why.check.newlyLow.no', { time: when(i18n, check.lowSince, now) });
    case 'shortLines':
      return i18n.t(id, { parts: check.parts.map((p) => p.name).join(', ') });
    default:
      return i18n.t(check.ok ? id : (`${id}.no` as MessageId));
  }
}

/** What failed, briefly: "muted under Mechanical; you may not view it". */
export function problems(i18n: Translator, trace: Trace): string {
  return trace.checks
    .filter((check) => !check.ok)
    .map((check) => {
      if (check.step !== 'audience') return i18n.t(`why.short.${check.step}` as MessageId);
      const muted = check.paths.find((path) => path.outcome === 'muted');
      const by = muted?.links.find((link) => link.decides);
      return by ? i18n.t('why.short.muted', { name: by.name }) : i18n.t('why.short.notSubscribed');
    })
    .join(i18n.t('why.separator'));
}

export function channelText(i18n: Translator, cell: TraceChannel): string {
  const names = cell.endpoints.map((e) => (e.shared ? i18n.t('why.shared', { name: e.name }) : e.name)).join(', ');
  return i18n.t('why.cell', {
    channel: channelName(i18n, cell.channel),
    outcome: i18n.t(`why.outcome.${cell.outcome}`, { names }),
    source: i18n.t(`why.source.${cell.source}`),
  });
}

export function deliveryText(i18n: Translator, delivery: TraceDelivery, now: number): string {
  const params: Params = { attempts: delivery.attempts };
  if (delivery.status === 'sent' || delivery.status === 'retrying') params.time = when(i18n, delivery.updatedAt, now);
  if (delivery.status === 'pending') params.time = when(i18n, delivery.dueAt, now);
  const endpoint = delivery.digest
    ? i18n.t('why.digest')
    : delivery.endpoint
      ? i18n.t('why.deliveryTo', { name: delivery.endpoint.shared ? i18n.t('why.shared', { name: delivery.endpoint.name }) : delivery.endpoint.name })
      : '';
  return i18n.t('why.delivery', { channel: channelName(i18n, delivery.channel), endpoint, state: i18n.t(`why.state.${delivery.status}`, params) });
}

export function channelName(i18n: Translator, channel: string): string {
  const id = `why.channel.${channel}` as MessageId;
  const name = i18n.t(id);
  return name === id ? channel : name;
}

/** "5 minutes ago", with the date for anything older than a day. */
export function when(i18n: Translator, iso: string | null, now: number): string {
  if (!iso) return '';
  return now - Date.parse(iso) > 86_400_000 ? i18n.absolute(iso) : i18n.relative(iso, now);
}
