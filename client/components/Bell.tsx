import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { emit, useWidget } from '../context.ts';
import { afterRender, hasUsableFocusWithin } from '../dom.ts';
import { badgeText } from '../format.ts';
import type { BellModel } from '../models/bell.ts';
import { followNotification } from '../navigate.ts';
import type { Notification } from '../types.ts';
import { BellIcon } from './BellIcon.tsx';
import { Flyout } from './Flyout.tsx';
import { LiveRegion } from './LiveRegion.tsx';

export interface Props {
  model: BellModel;
  /** Where "See all" leads. */
  inboxUrl: string;
  /** Where "History" leads. */
  historyUrl: string;
  /** Which edge of the bell the flyout lines up with: `end` (default, for a bell at the right). */
  align?: 'start' | 'end';
}

/**
 * The header bell: a button named with the unread count, a badge, and a flyout with the newest
 * unread. Opens on click, Enter or Space; closes on Escape or a click outside; focus goes into the
 * flyout when it opens and back to the bell when it closes.
 */
export function Bell({ model, inboxUrl, historyUrl, align = 'end' }: Props) {
  const { i18n } = useWidget();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const flyoutRef = useRef<HTMLDivElement>(null);
  const flyoutId = `${useId()}-flyout`;
  const count = model.count.value;
  const arrival = model.arrival.value;

  const close = useCallback(
    (restoreFocus: boolean) => {
      setOpen(false);
      model.setActive(false);
      if (restoreFocus) buttonRef.current?.focus();
    },
    [model],
  );

  // Layout effects: focus and the outside-click listener must be in place as soon as the flyout is
  // on screen, not a frame later.
  useLayoutEffect(() => {
    if (open) flyoutRef.current?.focus();
  }, [open]);

  useLayoutEffect(() => {
    if (!open) return;
    const onPointerDown = (event: Event) => {
      const root = rootRef.current;
      if (root && !event.composedPath().includes(root)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open, close]);

  const lastCount = useRef(count);
  useEffect(() => {
    if (count === lastCount.current) return;
    lastCount.current = count;
    emit(rootRef.current, 'stockbell-unread', { count });
  }, [count]);

  useEffect(() => {
    if (arrival) emit(rootRef.current, 'stockbell-notification', { notification: arrival.notification });
  }, [arrival]);

  const toggle = () => {
    if (open) {
      close(true);
    } else {
      setOpen(true);
      model.setActive(true);
    }
  };

  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!open || !root) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      close(true);
    };
    root.addEventListener('keydown', onKeyDown);
    return () => root.removeEventListener('keydown', onKeyDown);
  }, [open, close]);

  /** When the focused row went away, keep focus inside the flyout rather than on the page body. */
  const keepFocus = () =>
    afterRender(() => {
      if (!hasUsableFocusWithin(rootRef.current)) flyoutRef.current?.focus();
    });

  const onChoose = (n: Notification, href: string | null, event: MouseEvent) => {
    if (!href) {
      void model.markRead(n.id).then(keepFocus);
      return;
    }
    void followNotification(event, n, href, () => model.markRead(n.id), rootRef.current).then(() => {
      if (!event.defaultPrevented) return;
      close(false);
    });
  };

  const label = i18n.t('bell.label', { count });
  const badge = badgeText(count, (max) => i18n.t('bell.badgeOverflow', { max }));
  return (
    <div class="sb-bell-wrap" ref={rootRef} data-align={align}>
      <button
        ref={buttonRef}
        type="button"
        class="sb-bell-button"
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={open ? flyoutId : undefined}
        onClick={toggle}
      >
        <BellIcon filled={count > 0} />
        {badge && (
          <span class="sb-badge" aria-hidden="true">
            {badge}
          </span>
        )}
      </button>
      {open && (
        <Flyout
          id={flyoutId}
          model={model}
          inboxUrl={inboxUrl}
          historyUrl={historyUrl}
          containerRef={flyoutRef}
          onChoose={onChoose}
          onMarkRead={(n) => void model.markRead(n.id).then(keepFocus)}
          onMarkAllRead={() => void model.markAllRead().then(keepFocus)}
        />
      )}
      <LiveRegion
        message={arrival ? i18n.t('bell.announce', { subject: arrival.notification.subject }) : ''}
        seq={arrival?.seq}
      />
    </div>
  );
}
