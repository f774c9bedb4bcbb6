import { useId, useRef, useState } from 'preact/hooks';
import { emit, useWidget } from '../context.ts';
import { afterRender } from '../dom.ts';
import { type InboxModel, type InboxNotice, type InboxTab, TABS } from '../models/inbox.ts';
import type { Translator } from '../messages/index.ts';
import { followNotification } from '../navigate.ts';
import type { Notification } from '../types.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { InboxPanel } from './InboxPanel.tsx';
import { LiveRegion } from './LiveRegion.tsx';

export interface Props {
  model: InboxModel;
}

const noticeText = (i18n: Translator, notice: InboxNotice | null): string =>
  notice ? i18n.t(`inbox.announce.${notice.kind}`, { count: notice.count }) : '';

/** The inbox page: Inbox and History tabs with counts, selection, bulk actions, paging. */
export function Inbox({ model }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef<Partial<Record<InboxTab, HTMLButtonElement | null>>>({});
  const confirmTrigger = useRef<HTMLButtonElement | null>(null);
  const [confirming, setConfirming] = useState(false);
  const current = model.tab.value;
  const notice = model.notice.value;

  const select = (tab: InboxTab, focus: boolean) => {
    if (tab !== model.tab.value) {
      model.tab.value = tab;
      // The host may keep its address, title and navigation in step (the demo does).
      emit(rootRef.current, 'stockbell-tab-change', { tab });
    }
    if (focus) tabRefs.current[tab]?.focus();
  };

  const onTabKeyDown = (event: KeyboardEvent) => {
    const index = TABS.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index - 1 + TABS.length) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    select(next, true);
  };

  const tabLabel = (tab: InboxTab) => {
    const state = model.tabs[tab];
    if (tab === 'inbox') return i18n.t('inbox.tabCount', { count: model.unreadCount.value });
    if (!state.loaded.value) return '';
    const count = state.items.value.length;
    return i18n.t(state.nextCursor.value ? 'inbox.tabCountMore' : 'inbox.tabCount', { count });
  };

  const onOpen = (n: Notification, href: string, event: MouseEvent) =>
    void followNotification(event, n, href, () => model.markRead([n.id]), rootRef.current);

  /** Back to "Delete all history", or, once the history is gone and the button with it, to the empty state. */
  const afterConfirm = () =>
    afterRender(() => {
      const trigger = confirmTrigger.current;
      if (trigger && !trigger.disabled && trigger.isConnected) trigger.focus();
      else panelRef.current?.querySelector<HTMLElement>('.sb-empty')?.focus();
    });

  return (
    <div class="sb-inbox-wrap" ref={rootRef}>
      <div class="sb-tabs" role="tablist" aria-label={i18n.t('inbox.tabs')}>
        {TABS.map((tab) => {
          const selected = tab === current;
          const count = tabLabel(tab);
          return (
            <button
              key={tab}
              ref={(el) => {
                tabRefs.current[tab] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${tab}`}
              class="sb-tab"
              aria-selected={selected}
              aria-controls={`${id}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(tab, false)}
              onKeyDown={onTabKeyDown}
            >
              {i18n.t(`inbox.tab.${tab}`)}
              {count && <span class="sb-count"> {count}</span>}
            </button>
          );
        })}
      </div>
      <div
        id={`${id}-panel`}
        class="sb-panel"
        role="tabpanel"
        aria-labelledby={`${id}-tab-${current}`}
        tabIndex={-1}
        ref={panelRef}
      >
        <ErrorMessage error={model.error.value} template="common.actionError" onRetry={() => void model.resync()} />
        <InboxPanel
          model={model}
          tab={current}
          onOpen={onOpen}
          onDeleteAllHistory={(trigger) => {
            confirmTrigger.current = trigger;
            setConfirming(true);
          }}
        />
      </div>
      <LiveRegion message={noticeText(i18n, notice)} seq={notice?.seq} />
      <ConfirmDialog
        open={confirming}
        title={i18n.t('inbox.confirm.title')}
        body={i18n.t('inbox.confirm.body')}
        confirmLabel={i18n.t('inbox.confirm.confirm')}
        cancelLabel={i18n.t('inbox.confirm.cancel')}
        onCancel={() => {
          setConfirming(false);
          afterConfirm();
        }}
        onConfirm={() => {
          setConfirming(false);
          void model.deleteHistory().then(afterConfirm);
        }}
      />
    </div>
  );
}
