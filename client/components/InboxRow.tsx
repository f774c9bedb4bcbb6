import { useId, useMemo } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { safeHref } from '../format.ts';
import { createTrace } from '../models/trace.ts';
import type { Notification, SnoozeBody, Trace } from '../types.ts';
import { IconButton } from './IconButton.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { SnoozeMenu } from './SnoozeMenu.tsx';
import { TracePanel } from './TracePanel.tsx';
import { WhyButton } from './WhyButton.tsx';

export interface Props {
  notification: Notification;
  selected: boolean;
  onToggle: (id: string, selected: boolean) => void;
  /** The user followed the row's link. */
  onOpen: (notification: Notification, href: string, event: MouseEvent) => void;
  /** Mark it read (`read`) or unread again. */
  onSetRead: (notification: Notification, read: boolean) => void;
  onDelete: (notification: Notification) => void;
  onSnooze: (notification: Notification, body: SnoozeBody) => void;
  /** End its snooze now. */
  onWake: (notification: Notification) => void;
  /** Reads the notification's trace, for its "Why?". */
  explain: (id: string) => Promise<Trace>;
}

/**
 * One notification on the inbox page: checkbox, subject (its link), an alert's state, body (or, once
 * an alert has resolved, what resolved it instead of the stale alarm), reason with its "Why?" (the
 * trace opens below the row's text), time, actions.
 * Every control says which it is (`data-action`), so the keys of the list can move between rows
 * and keep to the same column.
 */
export function InboxRow({ notification: n, selected, onToggle, onOpen, onSetRead, onDelete, onSnooze, onWake, explain }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const subjectId = `${id}-subject`;
  const trace = useMemo(() => createTrace(() => explain(n.id)), [explain, n.id]);
  const href = safeHref(n.link, location.href);
  const unread = !n.readAt;
  const subject = { subject: n.subject };
  return (
    <li class="sb-row" data-unread={unread ? '' : undefined} data-id={n.id}>
      <input
        type="checkbox"
        class="sb-check"
        data-action="select"
        checked={selected}
        aria-label={i18n.t('inbox.selectRow', subject)}
        onChange={(event) => onToggle(n.id, event.currentTarget.checked)}
      />
      <div class="sb-row-main">
        <p class="sb-row-subject" id={subjectId}>
          {unread && <span class="sb-visually-hidden">{i18n.t('notification.unread')}: </span>}
          {href ? (
            <a href={href} data-action="open" onClick={(event) => onOpen(n, href, event)}>
              {n.subject}
            </a>
          ) : (
            n.subject
          )}
          {n.alert && (
            <span class="sb-alert" data-state={n.alert.state}>
              {i18n.t(n.alert.state === 'open' ? 'alert.open' : 'alert.resolved')}
            </span>
          )}
        </p>
        {n.alert?.status ? <p class="sb-row-status">{n.alert.status}</p> : n.body && <p class="sb-row-body">{n.body}</p>}
        <p class="sb-meta">
          {n.snooze && (
            <span class="sb-snoozed">
              {n.snooze.until ? i18n.t('snooze.until', { time: i18n.absolute(n.snooze.until) }) : i18n.t('snooze.untilResolvedNote')}
            </span>
          )}
          {n.reason && <span class="sb-reason">{n.reason}</span>}
          <RelativeTime value={n.createdAt} />
          <span>
            <WhyButton model={trace} controls={`${id}-why`} text={i18n.t('why.why')} label={i18n.t('why.named', { text: i18n.t('why.why'), name: `“${n.subject}”` })} />
          </span>
        </p>
        <TracePanel model={trace} id={`${id}-why`} label={i18n.t('why.panelNotification', subject)} />
      </div>
      <div class="sb-row-actions">
        {n.snooze ? (
          <IconButton
            icon="unread"
            action="wake"
            label={i18n.t('snooze.wakeNamed', subject)}
            title={i18n.t('snooze.wake')}
            onClick={() => onWake(n)}
          />
        ) : (
          <>
            <IconButton
              icon={unread ? 'check' : 'unread'}
              action={unread ? 'read' : 'unread'}
              label={i18n.t(unread ? 'inbox.markReadNamed' : 'inbox.markUnreadNamed', subject)}
              title={i18n.t(unread ? 'inbox.markRead' : 'inbox.markUnread')}
              onClick={() => onSetRead(n, unread)}
            />
            <SnoozeMenu notification={n} onSnooze={(body) => onSnooze(n, body)} />
          </>
        )}
        <IconButton
          icon="trash"
          action="delete"
          keyshortcuts="Delete"
          danger
          label={i18n.t('inbox.deleteNamed', subject)}
          title={i18n.t('inbox.delete')}
          onClick={() => onDelete(n)}
        />
      </div>
    </li>
  );
}
