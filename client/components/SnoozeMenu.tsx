import { useId, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { afterRender } from '../dom.ts';
import type { MessageId } from '../messages/index.ts';
import type { Notification, SnoozeBody } from '../types.ts';
import { Icon } from './Icon.tsx';

export interface Props {
  notification: Notification;
  onSnooze: (body: SnoozeBody) => void;
}

const PRESETS: { id: MessageId; body: SnoozeBody }[] = [
  { id: 'snooze.hour', body: { preset: 'hour' } },
  { id: 'snooze.tomorrow', body: { preset: 'tomorrow' } },
  { id: 'snooze.nextWeek', body: { preset: 'nextWeek' } },
];

/** `YYYY-MM-DDTHH:MM` in the browser's zone, what a datetime-local input takes. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The row's Snooze button and its menu: an hour, tomorrow morning, next week (the server works
 * them out in the user's zone), until it is resolved (open alerts), or a chosen time. A menu
 * button: arrow keys move, Escape closes and gives focus back, choosing closes it.
 */
export function SnoozeMenu({ notification: n, onSnooze }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState(false);
  const [time, setTime] = useState('');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const subject = { subject: n.subject };
  const choices = n.alert?.state === 'open' ? [...PRESETS, { id: 'snooze.untilResolved' as MessageId, body: { untilResolved: true } as SnoozeBody }] : PRESETS;

  const close = (focus: boolean) => {
    setOpen(false);
    setCustom(false);
    if (focus) afterRender(() => triggerRef.current?.focus());
  };
  const show = () => {
    setOpen(true);
    afterRender(() => menuRef.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus());
  };
  const choose = (body: SnoozeBody) => {
    close(false);
    onSnooze(body);
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const index = items.indexOf(event.target as HTMLElement);
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    } else if (to !== undefined && index !== -1) {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    }
  };

  return (
    <div class="sb-snooze">
      <button
        ref={triggerRef}
        type="button"
        class="sb-icon-button"
        data-action="snooze"
        aria-label={i18n.t('snooze.named', subject)}
        title={i18n.t('snooze.button')}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-keyshortcuts="S"
        onClick={() => (open ? close(true) : show())}
      >
        <Icon name="snooze" />
      </button>
      {open && (
        <div id={`${id}-menu`} ref={menuRef} class="sb-menu" role="menu" aria-label={i18n.t('snooze.named', subject)} onKeyDown={onMenuKeyDown}>
          {choices.map((choice) => (
            <button key={choice.id} type="button" role="menuitem" tabIndex={-1} class="sb-menu-item" onClick={() => choose(choice.body)}>
              {i18n.t(choice.id)}
            </button>
          ))}
          {custom ? (
            <form
              class="sb-snooze-form"
              onSubmit={(event) => {
                event.preventDefault();
                if (time) choose({ until: new Date(time).toISOString() });
              }}
            >
              <label>
                {i18n.t('snooze.time')}
                <input
                  type="datetime-local"
                  required
                  min={localInput(new Date())}
                  value={time}
                  onInput={(event) => setTime(event.currentTarget.value)}
                />
              </label>
              <button type="submit" class="sb-button">
                {i18n.t('snooze.button')}
              </button>
            </form>
          ) : (
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              class="sb-menu-item"
              onClick={() => {
                setCustom(true);
                afterRender(() => menuRef.current?.querySelector<HTMLElement>('input')?.focus());
              }}
            >
              {i18n.t('snooze.custom')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
