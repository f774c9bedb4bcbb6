import { useId, useRef } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { afterRender, hasUsableFocusWithin } from '../dom.ts';
import { DELIVERY_STATUSES, type DeliveryLogModel } from '../models/deliveries.ts';
import { kindLabeller } from '../notice-text.ts';
import type { DeliveryStatus, KindInfo } from '../types.ts';
import { DeliveryRow } from './DeliveryRow.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface Props {
  log: DeliveryLogModel;
  kinds: readonly KindInfo[];
}

/**
 * The delivery log: a status filter, counts, a table of jobs (status, channel, recipient, kind,
 * attempts, last error, next attempt, time), Retry on dead and failing rows, "Load more" by cursor.
 */
export function DeliveryLog({ log, kinds }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const items = log.items.value;
  const counts = log.counts.value;
  const failure = log.error.value;
  const loading = log.loading.value;
  const retrying = log.retrying.value;
  const kindLabel = kindLabeller(kinds);

  const retry = async (deliveryId: string) => {
    await log.retry(deliveryId);
    // The Retry button leaves with the dead status: keep focus in the log.
    afterRender(() => {
      if (!hasUsableFocusWithin(rootRef.current)) rootRef.current?.focus();
    });
  };

  return (
    <div class="sb-log" ref={rootRef} tabIndex={-1}>
      <div class="sb-log-toolbar">
        <label for={`${id}-status`}>{i18n.t('log.status')}</label>
        <select
          id={`${id}-status`}
          class="sb-input"
          value={log.status.value ?? ''}
          onChange={(event) => void log.setStatus((event.currentTarget.value || null) as DeliveryStatus | null)}
        >
          <option value="">{i18n.t('log.all')}</option>
          {DELIVERY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {i18n.t(`log.status.${status}`)}
            </option>
          ))}
        </select>
        <button type="button" class="sb-button" aria-busy={loading || undefined} onClick={() => void log.reload()}>
          {i18n.t('log.refresh')}
        </button>
        {counts && <span class="sb-muted">{i18n.t('log.counts', counts)}</span>}
        {counts && counts.dead > 0 && (
          <button type="button" class="sb-button" onClick={() => void log.retryDead({})}>
            {i18n.t('log.retryDead')}
          </button>
        )}
      </div>
      {log.paused.value.map((p) => {
        const what = p.endpoint ? p.endpoint.name : i18n.t('log.pausedEmail');
        const next = new Date(p.nextProbeAt).toLocaleTimeString();
        return (
          <p class="sb-error" role="status" key={`${p.channel}-${p.endpoint?.id ?? ''}`}>
            {i18n.t('log.paused', { what, failures: p.failures, error: p.lastError, next })}{' '}
            <button
              type="button"
              class="sb-link-button"
              onClick={() => void log.retryDead(p.endpoint ? { endpoint: p.endpoint.id } : { channel: p.channel as 'email' })}
            >
              {i18n.t('log.retryNow', { what })}
            </button>
          </p>
        );
      })}
      <ErrorMessage
        error={failure?.action === 'load' ? failure.error : null}
        template="log.loadError"
        onRetry={() => void log.reload()}
      />
      <ErrorMessage error={failure?.action === 'retry' ? failure.error : null} template="log.retryError" />
      {!log.loaded.value && loading && <p class="sb-empty">{i18n.t('common.loading')}</p>}
      {log.loaded.value && items.length === 0 && <p class="sb-empty">{i18n.t('log.empty')}</p>}
      {items.length > 0 && (
        <div class="sb-scroll">
          <table class="sb-table sb-log-table">
            <caption class="sb-visually-hidden">{i18n.t('log.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{i18n.t('log.id')}</th>
                <th scope="col">{i18n.t('log.status')}</th>
                <th scope="col">{i18n.t('log.channel')}</th>
                <th scope="col">{i18n.t('log.recipient')}</th>
                <th scope="col">{i18n.t('log.kind')}</th>
                <th scope="col">{i18n.t('log.attempts')}</th>
                <th scope="col">{i18n.t('log.lastError')}</th>
                <th scope="col">{i18n.t('log.next')}</th>
                <th scope="col">{i18n.t('log.time')}</th>
                <th scope="col">
                  <span class="sb-visually-hidden">{i18n.t('log.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  kindLabel={kindLabel(delivery.kind)}
                  retrying={retrying.has(delivery.id)}
                  onRetry={(deliveryId) => void retry(deliveryId)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.nextCursor.value && (
        <div class="sb-log-more">
          <button type="button" class="sb-button" disabled={loading} onClick={() => void log.loadMore()}>
            {i18n.t('log.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
