import { useRef, useState } from 'preact/hooks';
import { emit, useWidget } from '../context.ts';
import { focusInPlaceOf } from '../dom.ts';
import { safeHref } from '../format.ts';
import { type SubscriptionListModel, subscriptionKey } from '../models/subscriptions.ts';
import type { SubscriptionItem } from '../types.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import type { SubscriptionChangeDetail } from './SubscribeToggle.tsx';

export interface Props {
  model: SubscriptionListModel;
  /** The level of the "Parts" and "Categories" headings (3 by default); the host page titles the list. */
  headingLevel?: number;
}

type Heading = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
const heading = (level: number): Heading => `h${Math.min(6, Math.max(2, Math.round(level)))}` as Heading;

/**
 * The user's subscriptions: parts and categories with their paths and links, unsubscribe in place;
 * then what they muted, with unmute. A template part followed alone says so. The host page gives the
 * list its title; the widget heads its sections.
 */
export function SubscriptionList({ model, headingLevel = 3 }: Props) {
  const { i18n } = useWidget();
  const rootRef = useRef<HTMLDivElement>(null);
  const [removed, setRemoved] = useState<{ name: string; muted: boolean; seq: number } | null>(null);
  const Section = heading(headingLevel);
  const failure = model.error.value;
  const pending = model.pending.value;
  const loaded = model.loaded.value;

  const remove = async (item: SubscriptionItem, index: number) => {
    if (!(await model.remove(item))) return;
    setRemoved((last) => ({ name: item.name, muted: item.muted, seq: (last?.seq ?? 0) + 1 }));
    emit<SubscriptionChangeDetail>(rootRef.current, 'stockbell-subscription-change', {
      kind: item.kind,
      id: item.id,
      subscribed: false,
      ...(item.muted ? { muted: false } : {}),
      source: model,
    });
    // The row and its button are gone: the next row's button, or the list itself.
    focusInPlaceOf(rootRef.current, 'button[data-remove]', index, () => rootRef.current);
  };

  let index = 0;
  const section = (label: string, items: SubscriptionItem[]) =>
    items.length > 0 && (
      <>
        <Section class="sb-section-title">{label}</Section>
        <ul class="sb-list">
          {items.map((item) => {
            const position = index++;
            const href = safeHref(item.url, location.href);
            // A category's path ends with the category itself: show where it sits, not its name twice.
            const path = item.kind === 'category' && item.path.at(-1) === item.name ? item.path.slice(0, -1) : item.path;
            const busy = pending.has(subscriptionKey(item));
            const partOnly = item.kind === 'part' && !item.muted && !item.variants;
            return (
              <li key={subscriptionKey(item)} class="sb-sub-row">
                <div class="sb-row-main">
                  {href ? <a href={href}>{item.name}</a> : <span>{item.name}</span>}
                  {(path.length > 0 || partOnly) && (
                    <span class="sb-path">
                      {path.join(i18n.t('subscriptions.pathSeparator'))}
                      {partOnly && `${path.length > 0 ? ' · ' : ''}${i18n.t('subscriptions.partOnly')}`}
                    </span>
                  )}
                </div>
                <button
                  type="button"
                  class="sb-button"
                  data-remove=""
                  aria-label={i18n.t(item.muted ? 'subscriptions.unmuteNamed' : 'subscriptions.unsubscribeNamed', { name: item.name })}
                  aria-disabled={busy}
                  aria-busy={busy}
                  onClick={() => {
                    if (!busy) void remove(item, position);
                  }}
                >
                  {i18n.t(item.muted ? 'subscriptions.unmute' : 'subscriptions.unsubscribe')}
                </button>
              </li>
            );
          })}
        </ul>
      </>
    );

  return (
    <div class="sb-subscriptions-wrap" ref={rootRef} tabIndex={-1}>
      <ErrorMessage
        error={failure?.error ?? null}
        template={failure?.action === 'unsubscribe' ? 'subscriptions.error' : failure?.action === 'unmute' ? 'subscriptions.unmuteError' : 'common.loadError'}
        onRetry={failure?.action === 'load' ? () => void model.refresh() : undefined}
      />
      {!loaded && model.loading.value && <p class="sb-empty">{i18n.t('common.loading')}</p>}
      {loaded && model.items.value.length === 0 && <p class="sb-empty">{i18n.t('subscriptions.empty')}</p>}
      {section(i18n.t('subscriptions.parts'), model.parts.value)}
      {section(i18n.t('subscriptions.categories'), model.categories.value)}
      {section(i18n.t('subscriptions.muted'), model.muted.value)}
      <LiveRegion
        message={removed ? i18n.t(removed.muted ? 'subscriptions.unmuted' : 'subscriptions.removed', { name: removed.name }) : ''}
        seq={removed?.seq}
      />
    </div>
  );
}
