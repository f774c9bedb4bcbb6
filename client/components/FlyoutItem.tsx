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

/** One unread notification in the bell's flyout: subject, first line, reason, age. */
export function FlyoutItem({ notification: n, onChoose, onMarkRead }: Props) {
  const { i18n } = useWidget();
  const href = safeHref(n.link, location.href);
  const line = firstLine(n.body);
  const content = (
    <>
      <span class="sb-item-subject">{n.subject}</span>
      {line && <span class="sb-item-body">{line}</span>}
      <span class="sb-meta">
        {n.reason && <span class="sb-reason">{n.reason}</span>}
        <RelativeTime value={n.createdAt} />
      </span>
    </>
  );
  return (
    <li class="sb-item">
      {href ? (
        <a class="sb-item-main" href={href} onClick={(event) => onChoose(n, href, event)}>
          {content}
        </a>
      ) : (
        <button type="button" class="sb-item-main" onClick={(event) => onChoose(n, null, event)}>
          {content}
        </button>
      )}
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
