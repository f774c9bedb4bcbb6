import type { Ref } from 'preact';
import { useWidget } from '../context.ts';
import type { BellModel } from '../models/bell.ts';
import type { Notification } from '../types.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { FlyoutItem } from './FlyoutItem.tsx';

export interface Props {
  id: string;
  model: BellModel;
  inboxUrl: string;
  historyUrl: string;
  /** The flyout's element, focused when it opens. */
  containerRef: Ref<HTMLDivElement>;
  onChoose: (notification: Notification, href: string | null, event: MouseEvent) => void;
  onMarkRead: (notification: Notification) => void;
  onMarkAllRead: () => void;
}

/** The bell's flyout: a non-modal dialog with the newest unread notifications. */
export function Flyout({ id, model, inboxUrl, historyUrl, containerRef, onChoose, onMarkRead, onMarkAllRead }: Props) {
  const { i18n } = useWidget();
  const items = model.items.value;
  const count = model.count.value;
  const loaded = model.loaded.value;
  const more = Math.max(0, count - items.length);
  const headingId = `${id}-heading`;
  return (
    <div id={id} class="sb-flyout" role="dialog" aria-labelledby={headingId} tabIndex={-1} ref={containerRef}>
      <div class="sb-flyout-head">
        <h2 id={headingId} class="sb-flyout-title">
          {i18n.t('bell.heading')}
        </h2>
        <button type="button" class="sb-link-button" onClick={onMarkAllRead} disabled={count === 0}>
          {i18n.t('bell.markAllRead')}
        </button>
      </div>
      <ErrorMessage
        error={model.error.value}
        template={loaded ? 'common.actionError' : 'common.loadError'}
        onRetry={() => void model.refresh()}
      />
      {!loaded ? (
        model.loading.value && <p class="sb-empty">{i18n.t('common.loading')}</p>
      ) : items.length === 0 ? (
        // Focusable from script: where focus goes when the last item is read.
        <p class="sb-empty" tabIndex={-1}>
          {i18n.t('bell.empty')}
        </p>
      ) : (
        <ul class="sb-flyout-list">
          {items.map((n) => (
            <FlyoutItem key={n.id} notification={n} onChoose={onChoose} onMarkRead={onMarkRead} />
          ))}
        </ul>
      )}
      {loaded && more > 0 && (
        <p class="sb-more">
          <a href={inboxUrl}>{i18n.t('bell.more', { count: more })}</a>
        </p>
      )}
      <div class="sb-flyout-foot">
        <a href={inboxUrl}>{i18n.t('bell.seeAll')}</a>
        <a href={historyUrl}>{i18n.t('bell.history')}</a>
      </div>
    </div>
  );
}
