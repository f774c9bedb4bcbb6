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
 * Subscribe to a part or category: a toggle button (`aria-pressed`) that says its state in words
 * ("Subscribe", "Subscribed"), with a filled bell when subscribed and a greyed one when not, its
 * tooltip saying what a click does; and a note with a link when a category or template already
 * covers it. A click changes the direct subscription only; a failure is shown, never swallowed.
 * Until the state is known the widget keeps its place but shows nothing, so it does not jump.
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
  const look = !state && !failure ? 'loading' : subscribed ? 'on' : inherited ? 'inherited' : 'off';
  const name = state ? { name: state.name } : null;
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
        aria-label={name ? i18n.t(subscribed ? 'subscribe.labelOn' : 'subscribe.label', name) : undefined}
        title={name ? i18n.t(subscribed ? 'subscribe.clickOff' : 'subscribe.clickOn', name) : undefined}
        aria-disabled={unavailable}
        aria-busy={pending || loading}
        onClick={onClick}
      >
        <BellIcon filled={subscribed || !!inherited} />
        <span>{i18n.t(subscribed ? 'subscribe.on' : 'subscribe.button')}</span>
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
