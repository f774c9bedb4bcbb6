import { useRef } from 'preact/hooks';
import { emit, useWidget } from '../context.ts';
import { safeHref } from '../format.ts';
import type { SubscriptionModel } from '../models/subscription.ts';
import { BellIcon } from './BellIcon.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface Props {
  model: SubscriptionModel;
}

export interface SubscriptionChangeDetail {
  kind: string;
  id: string;
  subscribed: boolean;
  /** The model that made the change, so it can ignore its own event. */
  source: unknown;
}

/**
 * Subscribe to a part or category: a toggle button (`aria-pressed`), a filled bell when subscribed,
 * a greyed one when not, and a note with a link when a category or template already covers it.
 * A click changes the direct subscription only; a failure is shown, never swallowed.
 */
export function SubscribeToggle({ model }: Props) {
  const { i18n } = useWidget();
  const rootRef = useRef<HTMLDivElement>(null);
  const state = model.state.value;
  const pending = model.pending.value;
  const loading = model.loading.value && !state;
  const failure = model.error.value;
  const subscribed = state?.subscribed ?? false;
  const inherited = state?.inheritedFrom;
  const look = subscribed ? 'on' : inherited ? 'inherited' : 'off';
  const unavailable = !state || pending;

  const onClick = async () => {
    if (unavailable) return;
    if (await model.toggle()) {
      emit<SubscriptionChangeDetail>(rootRef.current, 'stockbell-subscription-change', {
        kind: model.kind,
        id: model.id,
        subscribed: model.state.value?.subscribed ?? false,
        source: model,
      });
    }
  };

  const sourceHref = inherited ? safeHref(inherited.url, location.href) : null;
  return (
    <div class="sb-subscribe-wrap" ref={rootRef} data-state={look}>
      <button
        type="button"
        class="sb-toggle"
        aria-pressed={subscribed}
        aria-label={state ? i18n.t('subscribe.label', { name: state.name }) : undefined}
        aria-disabled={unavailable}
        aria-busy={pending || loading}
        onClick={onClick}
      >
        <BellIcon filled={subscribed || !!inherited} />
        <span>{i18n.t('subscribe.button')}</span>
      </button>
      {inherited && (
        <span class="sb-note">
          {i18n.rich(subscribed ? 'subscribe.alsoVia' : 'subscribe.via', {
            source: sourceHref ? <a href={sourceHref}>{inherited.name}</a> : inherited.name,
          })}
        </span>
      )}
      <ErrorMessage
        error={failure?.error ?? null}
        template={failure?.action === 'toggle' ? 'subscribe.error' : 'subscribe.loadError'}
        onRetry={failure?.action === 'load' ? () => void model.refresh() : undefined}
      />
    </div>
  );
}
