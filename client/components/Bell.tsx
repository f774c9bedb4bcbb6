import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { emit, useWidget } from '../context.ts';
import { focusInPlaceOf } from '../dom.ts';
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

/** Room the flyout keeps from the viewport's edges (0.5rem). */
const EDGE = 8;

/** Shift the flyout sideways, if it must, so it stays inside the viewport wherever the bell sits. */
function fitInViewport(flyout: HTMLElement) {
  flyout.style.translate = '';
  const { left, right } = flyout.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  const shift = left < EDGE ? EDGE - left : right > width - EDGE ? width - EDGE - right : 0;
  if (shift) flyout.style.translate = `${shift}px`;
}

/**
 * The header bell: a button named with the unread count, a badge, and a flyout with the newest
 * unread. Opens on click, Enter or Space; closes on Escape (wherever focus is), a click outside, or
 * focus moving out of it (so nothing it covers can hold focus); focus goes into the flyout when it
 * opens and back to the bell when it closes.
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

  // Layout effects: focus, placement and the listeners must be in place as soon as the flyout is
  // on screen, not a frame later.
  useLayoutEffect(() => {
    const root = rootRef.current;
    const flyout = flyoutRef.current;
    if (!open || !root || !flyout) return;
    flyout.focus();
    const keepInView = () => fitInViewport(flyout);
    keepInView();
    const onPointerDown = (event: Event) => {
      if (!event.composedPath().includes(root)) close(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      close(true);
    };
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget as Node | null;
      if (next && !root.contains(next)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('keydown', onKeyDown, true);
    root.addEventListener('focusout', onFocusOut);
    addEventListener('resize', keepInView);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('keydown', onKeyDown, true);
      root.removeEventListener('focusout', onFocusOut);
      removeEventListener('resize', keepInView);
    };
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

  /**
   * Mark read, then keep the user's place: the same control on the item that takes this one's
   * place, else the one before, else the empty state ("Nothing new").
   */
  const markRead = (n: Notification | null, control: string) => {
    const index = n ? model.items.value.indexOf(n) : 0;
    void (n ? model.markRead(n.id) : model.markAllRead()).then(() =>
      focusInPlaceOf(flyoutRef.current, `[data-action=${control}]`, index, () =>
        flyoutRef.current?.querySelector<HTMLElement>('.sb-empty'),
      ),
    );
  };

  const onChoose = (n: Notification, href: string | null, event: MouseEvent) => {
    if (!href) {
      markRead(n, 'open');
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
          onMarkRead={(n) => markRead(n, 'read')}
          onMarkAllRead={() => markRead(null, 'read')}
        />
      )}
      <LiveRegion
        message={arrival ? i18n.t('bell.announce', { subject: arrival.notification.subject }) : ''}
        seq={arrival?.seq}
      />
    </div>
  );
}
