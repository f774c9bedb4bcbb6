import { useWidget } from '../context.ts';
import type { InboxModel, InboxTab } from '../models/inbox.ts';
import type { Notification } from '../types.ts';
import { InboxRow } from './InboxRow.tsx';

export interface Props {
  model: InboxModel;
  tab: InboxTab;
  onOpen: (notification: Notification, href: string, event: MouseEvent) => void;
  /** After an action removed rows: put focus somewhere sensible. */
  onRowsGone: () => void;
  /** "Delete all history" was pressed: ask first. */
  onDeleteAllHistory: (trigger: HTMLButtonElement) => void;
}

/** One tab's toolbar (select all, bulk actions), rows, and "Load more". */
export function InboxPanel({ model, tab, onOpen, onRowsGone, onDeleteAllHistory }: Props) {
  const { i18n } = useWidget();
  const state = model.tabs[tab];
  const items = state.items.value;
  const selectedSet = state.selected.value;
  const selected = items.filter((n) => selectedSet.has(n.id)).map((n) => n.id);
  const some = selected.length > 0;
  const all = state.allSelected.value;
  const busy = model.busy.value;
  const loaded = state.loaded.value;
  const loading = state.loading.value;
  const after = (work: Promise<boolean>) => void work.then(onRowsGone);

  return (
    <>
      <div class="sb-toolbar">
        <label class="sb-select-all">
          <input
            type="checkbox"
            checked={all}
            indeterminate={some && !all}
            disabled={items.length === 0}
            onChange={(event) => model.selectAll(tab, event.currentTarget.checked)}
          />
          {i18n.t('inbox.selectAll')}
        </label>
        <span class="sb-muted">
          {i18n.t('inbox.selected', { count: selected.length })}
        </span>
        <span class="sb-toolbar-actions">
          {tab === 'inbox' ? (
            <button type="button" class="sb-button" disabled={!some || busy} onClick={() => after(model.markRead(selected))}>
              {i18n.t('inbox.markRead')}
            </button>
          ) : (
            <button
              type="button"
              class="sb-button"
              disabled={!some || busy}
              onClick={() => after(model.markUnread(selected))}
            >
              {i18n.t('inbox.markUnread')}
            </button>
          )}
          <button type="button" class="sb-button" disabled={!some || busy} onClick={() => after(model.remove(selected))}>
            {i18n.t('inbox.delete')}
          </button>
          {tab === 'inbox' ? (
            <button
              type="button"
              class="sb-button"
              disabled={busy || model.unreadCount.value === 0}
              onClick={() => after(model.markAllRead())}
            >
              {i18n.t('inbox.markAllRead')}
            </button>
          ) : (
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
        <p class="sb-empty">{i18n.t(tab === 'inbox' ? 'inbox.empty.inbox' : 'inbox.empty.history')}</p>
      )}
      {items.length > 0 && (
        <ul class="sb-list">
          {items.map((n) => (
            <InboxRow
              key={n.id}
              notification={n}
              selected={selectedSet.has(n.id)}
              onToggle={(id, on) => model.toggle(tab, id, on)}
              onOpen={onOpen}
              onSetRead={(row, read) => after(read ? model.markRead([row.id]) : model.markUnread([row.id]))}
              onDelete={(row) => after(model.remove([row.id]))}
            />
          ))}
        </ul>
      )}
      {state.nextCursor.value && (
        <button type="button" class="sb-button sb-load-more" disabled={loading} onClick={() => void model.loadMore(tab)}>
          {loading ? i18n.t('common.loading') : i18n.t('inbox.loadMore')}
        </button>
      )}
    </>
  );
}
