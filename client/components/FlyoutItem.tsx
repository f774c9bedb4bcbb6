import { useId } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { firstLine, safeHref } from '../format.ts';
import type { Notification } from '../types.ts';
import { IconButton } from './IconButton.tsx';
import { RelativeTime } from './RelativeTime.tsx';

export interface Props {
  notification: Notification;
  /** The user chose the notification (click, Enter): mark it read and follow its link. */
  onChoose: (notification: Notification, href: string | null, event: MouseEvent) => void;
  onMarkRead: (notification: Notification) => void;
}

/**
 * One unread notification in the bell's flyout. The subject is the link (or, without a safe link,
 * the button that marks it read): that is its name, short; the body's first line, whole, and the
 * reason and age are its description. A click anywhere on the card follows it.
 */
export function FlyoutItem({ notification: n, onChoose, onMarkRead }: Props) {
  const { i18n } = useWidget();
  const detailsId = `${useId()}-details`;
  const href = safeHref(n.link, location.href);
  // A resolved alert says what resolved it instead of the stale alarm.
  const line = n.alert?.status ?? firstLine(n.body);
  const main = { class: 'sb-item-main sb-item-subject', 'aria-describedby': detailsId, 'data-action': 'open' };
  return (
    <li class="sb-item">
      <div class="sb-item-card">
        {href ? (
          <a {...main} href={href} onClick={(event) => onChoose(n, href, event)}>
            {n.subject}
          </a>
        ) : (
          <button type="button" {...main} onClick={(event) => onChoose(n, null, event)}>
            {n.subject}
          </button>
        )}
        <span id={detailsId} class="sb-item-details">
          {line && <span class="sb-item-body">{line}</span>}
          <span class="sb-meta">
            {n.reason && <span class="sb-reason">{n.reason}</span>}
            <RelativeTime value={n.createdAt} />
          </span>
        </span>
      </div>
      <IconButton
        icon="check"
        action="read"
        label={i18n.t('bell.markReadNamed', { subject: n.subject })}
        title={i18n.t('bell.markRead')}
        onClick={() => onMarkRead(n)}
      />
    </li>
  );
}
