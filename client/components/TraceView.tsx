import { useId } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { channelText, checkText, deliveryText, problems, when } from '../trace-text.ts';
import type { Trace } from '../types.ts';
import { TracePaths } from './TracePaths.tsx';

export interface Props {
  trace: Trace;
}

/**
 * A trace, read top to bottom: the answer first (told, and why; or not, and what stops it), then
 * every check in the engine's order with the subscription paths, then where the kind goes on each
 * channel and, for a notification, what was sent. Passed and failed are said in words, not colour.
 */
export function TraceView({ trace }: Props) {
  const { i18n, now } = useWidget();
  const id = useId();
  const at = now.value;
  const failed = problems(i18n, trace);
  const notification = trace.notification;
  return (
    <div class="sb-trace">
      {notification ? (
        <>
          <p class="sb-trace-answer">{i18n.t('why.gotIt', { time: when(i18n, notification.createdAt, at), reason: notification.reason })}</p>
          <p>{trace.told ? i18n.t('why.still') : i18n.t('why.notAgain', { problems: failed })}</p>
        </>
      ) : (
        <p class="sb-trace-answer">
          {trace.told ? (trace.reason ? i18n.t('why.yes', { reason: trace.reason }) : i18n.t('why.yesNoReason')) : i18n.t('why.no', { problems: failed })}
        </p>
      )}
      {trace.held.quietHoursUntil && <p>{i18n.t('why.held', { time: when(i18n, trace.held.quietHoursUntil, at) })}</p>}
      {trace.held.snoozedUntil && <p>{i18n.t('why.snoozed', { time: when(i18n, trace.held.snoozedUntil, at) })}</p>}
      {trace.held.snoozedUntilResolved && <p>{i18n.t('why.snoozedUntilResolved')}</p>}
      <ol class="sb-trace-checks">
        {trace.checks.map((check) => (
          <li key={check.step} data-ok={check.ok ? 'true' : 'false'}>
            <span class="sb-trace-mark" aria-hidden="true">{check.ok ? '✓' : '✗'}</span>
            <span class="sb-visually-hidden">{i18n.t(check.ok ? 'why.passed' : 'why.failed')} </span>
            <span>{checkText(i18n, check, at)}</span>
            {check.step === 'audience' && <TracePaths audience={check} />}
          </li>
        ))}
      </ol>
      <p class="sb-trace-title" id={`${id}-channels`}>{i18n.t('why.channels', { kind: trace.kindLabel })}</p>
      <ul class="sb-trace-channels" aria-labelledby={`${id}-channels`}>
        {trace.channels.map((cell) => (
          <li key={cell.channel} data-enabled={cell.enabled ? 'true' : 'false'}>
            {channelText(i18n, cell)}
          </li>
        ))}
      </ul>
      {notification && (
        <>
          <p class="sb-trace-title" id={`${id}-sent`}>{i18n.t('why.sent')}</p>
          {trace.deliveries.length === 0 ? (
            <p class="sb-muted">{i18n.t('why.sentNothing')}</p>
          ) : (
            <ul class="sb-trace-deliveries" aria-labelledby={`${id}-sent`}>
              {trace.deliveries.map((delivery, index) => (
                <li key={index} data-status={delivery.status}>
                  {deliveryText(i18n, delivery, at)}
                  {delivery.lastError && <span class="sb-muted"> {i18n.t('why.error', { message: delivery.lastError })}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p class="sb-muted sb-trace-as-of">{i18n.t('why.asOf', { time: when(i18n, trace.asOf, at) })}</p>
    </div>
  );
}
