import { useRef } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { afterRender, focusInPlaceOf, hasUsableFocusWithin } from '../dom.ts';
import type { InboxModel, InboxTab } from '../models/inbox.ts';
import type { Notification, SnoozeBody } from '../types.ts';
import { InboxRow } from './InboxRow.tsx';

export interface Props {
  model: InboxModel;
  tab: InboxTab;
  onOpen: (notification: Notification, href: string, event: MouseEvent) => void;
  /** "Delete all history" was pressed: ask first. */
  onDeleteAllHistory: (trigger: HTMLButtonElement) => void;
}

/** Which row a key moves to from row `index` of `count`, or undefined when the key is not ours. */
function rowFor(key: string, index: number, count: number): number | undefined {
  if (key === 'ArrowDown') return Math.min(index + 1, count - 1);
  if (key === 'ArrowUp') return Math.max(index - 1, 0);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

/**
 * One tab's toolbar (select all, bulk actions), rows, and "Load more". The keyboard moves between
 * rows with the arrow keys, Home and End, staying in the same column (checkbox, link, mark, delete);
 * Delete deletes the row. After a row leaves, focus goes to the same control of the row that takes
 * its place (else the one before, else the empty state): the user never loses their place.
 */
export function InboxPanel({ model, tab, onOpen, onDeleteAllHistory }: Props) {
  const { i18n } = useWidget();
  const rootRef = useRef<HTMLDivElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  const state = model.tabs[tab];
  const items = state.items.value;
  const selectedSet = state.selected.value;
  const selected = items.filter((n) => selectedSet.has(n.id)).map((n) => n.id);
  const some = selected.length > 0;
  const all = state.allSelected.value;
  const busy = model.busy.value;
  const loaded = state.loaded.value;
  const loading = state.loading.value;
  const emptyState = () => rootRef.current?.querySelector<HTMLElement>('.sb-empty');

  /** A row's own action: afterwards, the same control on the row in its place. */
  const rowAction = (n: Notification, action: string, work: Promise<boolean>) => {
    const index = items.indexOf(n);
    void work.then(() => focusInPlaceOf(rootRef.current, `.sb-row [data-action=${action}]`, index, emptyState));
  };
  const setRead = (n: Notification, read: boolean) =>
    rowAction(n, read ? 'read' : 'unread', read ? model.markRead([n.id]) : model.markUnread([n.id]));
  const remove = (n: Notification) => rowAction(n, 'delete', model.remove([n.id]));
  // The row leaves this list: focus goes to the same control of the row in its place.
  const snooze = (n: Notification, body: SnoozeBody) => rowAction(n, 'snooze', model.snooze(n.id, body));
  const wake = (n: Notification) => rowAction(n, 'wake', model.wake(n.id));
  const openOnly = model.openOnly.value;

  /** A toolbar action: when its button has gone disabled, focus the list's first control instead. */
  const bulk = (work: Promise<boolean>) =>
    void work.then(() =>
      afterRender(() => {
        if (hasUsableFocusWithin(rootRef.current)) return;
        const selectAll = selectAllRef.current;
        (selectAll && !selectAll.disabled ? selectAll : emptyState())?.focus();
      }),
    );

  const onListKeyDown = (event: KeyboardEvent) => {
    const control = event.target as HTMLElement;
    // Keys inside an open snooze menu are the menu's.
    if (control.closest('[role=menu]')) return;
    const rows = [...(rootRef.current?.querySelectorAll<HTMLElement>('.sb-row') ?? [])];
    const index = rows.findIndex((row) => row.contains(control));
    const n = items.find((item) => item.id === rows[index]?.dataset.id);
    if (!n) return;
    if (event.key === 'Delete') {
      event.preventDefault();
      remove(n);
      return;
    }
    if ((event.key === 's' || event.key === 'S') && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const trigger = rows[index]?.querySelector<HTMLButtonElement>('[data-action=snooze]');
      if (!trigger) return;
      event.preventDefault();
      trigger.focus();
      trigger.click();
      return;
    }
    const next = rowFor(event.key, index, rows.length);
    if (next === undefined) return;
    event.preventDefault();
    const action = control.dataset.action;
    const row = rows[next];
    (row?.querySelector<HTMLElement>(`[data-action=${action}]`) ?? row?.querySelector<HTMLElement>('[data-action]'))?.focus();
  };

  return (
    <div ref={rootRef}>
      <div class="sb-toolbar">
        <label class="sb-select-all">
          <input
            ref={selectAllRef}
            type="checkbox"
            checked={all}
            indeterminate={some && !all}
            disabled={items.length === 0}
            onChange={(event) => model.selectAll(tab, event.currentTarget.checked)}
          />
          {i18n.t('inbox.selectAll')}
        </label>
        <span class="sb-muted">{i18n.t('inbox.selected', { count: selected.length })}</span>
        {tab === 'inbox' && (
          <label class="sb-select-all">
            <input type="checkbox" checked={openOnly} onChange={(event) => void model.setOpenOnly(event.currentTarget.checked)} />
            {i18n.t('inbox.openOnly')}
          </label>
        )}
        <span class="sb-toolbar-actions">
          {tab === 'inbox' && (
            <button type="button" class="sb-button" disabled={!some || busy} onClick={() => bulk(model.markRead(selected))}>
              {i18n.t('inbox.markRead')}
            </button>
          )}
          {tab === 'history' && (
            <button type="button" class="sb-button" disabled={!some || busy} onClick={() => bulk(model.markUnread(selected))}>
              {i18n.t('inbox.markUnread')}
            </button>
          )}
          <button type="button" class="sb-button" disabled={!some || busy} onClick={() => bulk(model.remove(selected))}>
            {i18n.t('inbox.delete')}
          </button>
          {tab === 'inbox' && (
            <button
              type="button"
              class="sb-button"
              disabled={busy || model.unreadCount.value === 0}
              onClick={() => bulk(model.markAllRead())}
            >
              {i18n.t('inbox.markAllRead')}
            </button>
          )}
          {tab === 'history' && (
            <button
              type="button"
              class="sb-button sb-button-danger"
              disabled={busy || (loaded && items.length === 0)}
              onClick={(event) => onDeleteAllHistory(event.currentTarget)}
            >
              {i18n.t('inbox.deleteAllHistory')}
            </button>
          )}
        </span>
      </div>
      {!loaded && loading && <p class="sb-empty">{i18n.t('common.loading')}</p>}
      {loaded && items.length === 0 && (
        // Focusable from script: where focus goes when the last row leaves.
        <p class="sb-empty" tabIndex={-1}>
          {i18n.t(tab === 'inbox' ? (openOnly ? 'inbox.empty.open' : 'inbox.empty.inbox') : `inbox.empty.${tab}`)}
        </p>
      )}
      {items.length > 0 && (
        <ul class="sb-list" onKeyDown={onListKeyDown}>
          {items.map((n) => (
            <InboxRow
              key={n.id}
              notification={n}
              selected={selectedSet.has(n.id)}
              onToggle={(id, on) => model.toggle(tab, id, on)}
              onOpen={onOpen}
              onSetRead={setRead}
              onDelete={remove}
              explain={model.explain}
              onSnooze={snooze}
              onWake={wake}
            />
          ))}
        </ul>
      )}
      {state.nextCursor.value && (
        <button type="button" class="sb-button sb-load-more" disabled={loading} onClick={() => void model.loadMore(tab)}>
          {loading ? i18n.t('common.loading') : i18n.t('inbox.loadMore')}
        </button>
      )}
    </div>
  );
}
