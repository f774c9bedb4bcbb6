import { useWidget } from '../context.ts';
import { canRetry } from '../models/deliveries.ts';
import { channelLabel } from '../settings-format.ts';
import type { Delivery } from '../types.ts';
import { RelativeTime } from './RelativeTime.tsx';

export interface Props {
  delivery: Delivery;
  kindLabel: string;
  /** Its retry is on its way. */
  retrying: boolean;
  onRetry: (id: string) => void;
}

/** One job of the delivery log, with a Retry button when it is dead or failing. */
export function DeliveryRow({ delivery: d, kindLabel, retrying, onRetry }: Props) {
  const { i18n } = useWidget();
  const none = i18n.t('log.none');
  return (
    <tr data-status={d.status}>
      <th scope="row">{d.id}</th>
      <td>
        <span class="sb-status" data-status={d.status}>
          {i18n.t(`log.status.${d.status}`)}
        </span>
      </td>
      <td>
        {channelLabel(i18n, d.channel)}
        {d.endpoint && (
          <span class="sb-muted sb-block">
            {d.endpoint.shared ? i18n.t('log.shared', { name: d.endpoint.name }) : d.endpoint.name}
          </span>
        )}
      </td>
      <td class="sb-log-recipient">
        {d.recipientName ?? d.recipient}
        {d.recipientEmail && <span class="sb-muted sb-block">{wrappable(d.recipientEmail)}</span>}
      </td>
      <td>{kindLabel}</td>
      <td class="sb-num">{i18n.number(d.attempts)}</td>
      <td class="sb-log-error">{d.lastError ?? none}</td>
      <td>{d.nextAttemptAt ? <RelativeTime value={d.nextAttemptAt} /> : none}</td>
      <td>
        <RelativeTime value={d.createdAt} />
      </td>
      <td>
        {canRetry(d) && (
          <button
            type="button"
            class="sb-button"
            aria-label={i18n.t('log.retryNamed', { id: d.id })}
            disabled={retrying}
            aria-busy={retrying || undefined}
            onClick={() => onRetry(d.id)}
          >
            {i18n.t('log.retry')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** An address that may wrap after its `@` when the log is narrow (its other cells never wrap). */
function wrappable(email: string) {
  const at = email.lastIndexOf('@');
  return at < 0 ? (
    email
  ) : (
    <>
      {email.slice(0, at + 1)}
      <wbr />
      {email.slice(at + 1)}
    </>
  );
}
