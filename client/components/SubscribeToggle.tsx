import { type ComponentChildren, Fragment } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { emit, useWidget } from '../context.ts';
import { safeHref } from '../format.ts';
import type { SubscriptionModel } from '../models/subscription.ts';
import { createTrace } from '../models/trace.ts';
import type { SubscriptionSource } from '../types.ts';
import { BellIcon } from './BellIcon.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { ScopeChoice } from './ScopeChoice.tsx';
import { TracePanel } from './TracePanel.tsx';
import { WhyButton } from './WhyButton.tsx';

export interface Props {
  model: SubscriptionModel;
}

export interface SubscriptionChangeDetail {
  kind: string;
  id: string;
  subscribed: boolean;
  /** The user's mute on it, when that is what changed. */
  muted?: boolean;
  /** The model that made the change, so it can ignore its own event. */
  source: unknown;
}

/**
 * Subscribe to a part or category: a toggle button (`aria-pressed`) that says its state in words
 * ("Subscribe", "Subscribed"), with a filled bell when subscribed and a greyed one when not, its
 * tooltip saying what a click does; beside it a note: what covers it from above ("Subscribed via
 * Mechanical", with Mute), a mute ("Muted under Mechanical", with Unmute), what a template's
 * subscription covers (with Change), and "Why?" / "Why not?", which opens the trace below. The note
 * keeps to two short lines beside the button, the height the host reserves: nothing moves when it
 * loads. A click changes the direct subscription only; on a template part it first asks whether
 * the variants are included. A failure is shown, never swallowed.
 */
export function SubscribeToggle({ model }: Props) {
  const { i18n } = useWidget();
  const rootRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [choosing, setChoosing] = useState(false);
  const trace = useMemo(() => createTrace(() => model.explain()), [model]);
  const state = model.state.value;
  const pending = model.pending.value;
  const loading = model.loading.value && !state;
  const failure = model.error.value;
  const subscribed = state?.subscribed ?? false;
  const inherited = state?.inheritedFrom;
  const look = !state && !failure ? 'loading' : subscribed ? 'on' : inherited && !state?.mutedBy ? 'inherited' : 'off';
  const name = state ? { name: state.name } : null;
  const unavailable = !state || pending;
  const traceId = `sb-why-${model.kind}-${model.id}`;

  const changed = (ok: boolean, muted?: boolean) => {
    if (!ok) return;
    emit<SubscriptionChangeDetail>(rootRef.current, 'stockbell-subscription-change', {
      kind: model.kind,
      id: model.id,
      subscribed: model.state.value?.subscribed ?? false,
      ...(muted === undefined ? {} : { muted }),
      source: model,
    });
    if (trace.open.value) void trace.refresh();
  };
  const onClick = async () => {
    if (unavailable) return;
    // A template part: first the choice of what to follow.
    if (!subscribed && state.template) {
      setChoosing(!choosing);
      return;
    }
    changed(await model.toggle());
  };
  const choose = async (variants: boolean | null) => {
    if (variants !== null) changed(await model.subscribe({ variants }));
    setChoosing(false);
    toggleRef.current?.focus();
  };
  const toggleMute = async () => changed(await model.toggleMute(), model.state.value?.muted !== true);

  const link = (source: SubscriptionSource) => {
    const href = safeHref(source.url, location.href);
    return href ? <a href={href}>{source.name}</a> : source.name;
  };
  /** What the note says, in pieces, and the link-buttons after it: each piece and button apart by a dot. */
  const pieces: ComponentChildren[] = [];
  const buttons: { text: string; label: string; onClick: () => void; expanded?: boolean }[] = [];
  if (state) {
    const unmute = { text: i18n.t('mute.unmute'), label: i18n.t('mute.unmuteNamed', { name: state.name }), onClick: toggleMute };
    if (subscribed && state.template) pieces.push(i18n.t(state.variants ? 'scope.withVariants' : 'scope.onlyThis'));
    if (state.mutedBy && state.muted && inherited) {
      pieces.push(i18n.rich('mute.under', { source: link(inherited) }));
      buttons.push(unmute);
    } else if (state.mutedBy) {
      pieces.push(i18n.rich('mute.via', { source: link(state.mutedBy) }));
    } else if (inherited) {
      pieces.push(i18n.rich(subscribed ? 'subscribe.alsoVia' : 'subscribe.via', { source: link(inherited) }));
      if (!subscribed) {
        buttons.push({ text: i18n.t('mute.mute'), label: i18n.t('mute.muteNamed', { name: state.name, source: inherited.name }), onClick: toggleMute });
      }
    } else if (state.muted) {
      pieces.push(i18n.t('mute.here'));
      buttons.push(unmute);
    }
    if (subscribed && state.template) {
      buttons.push({ text: i18n.t('scope.change'), label: i18n.t('scope.changeNamed', { name: state.name }), onClick: () => setChoosing(!choosing), expanded: choosing });
    }
  }
  const dot = <span aria-hidden="true"> · </span>;
  const whyText = i18n.t(state?.covered ? 'why.why' : 'why.whyNot');

  return (
    <div class="sb-subscribe-wrap" ref={rootRef} data-state={look}>
      <button
        type="button"
        class="sb-toggle"
        ref={toggleRef}
        aria-pressed={subscribed}
        aria-expanded={state?.template && !subscribed ? choosing : undefined}
        aria-label={name ? i18n.t(subscribed ? 'subscribe.labelOn' : 'subscribe.label', name) : undefined}
        title={name ? i18n.t(subscribed ? 'subscribe.clickOff' : 'subscribe.clickOn', name) : undefined}
        aria-disabled={unavailable}
        aria-busy={pending || loading}
        onClick={onClick}
      >
        <BellIcon filled={subscribed || look === 'inherited'} />
        <span>{i18n.t(subscribed ? 'subscribe.on' : 'subscribe.button')}</span>
      </button>
      {state && (
        <span class="sb-aside">
          {pieces.length > 0 && <span class="sb-note">{pieces.flatMap((piece, i) => (i > 0 ? [' · ', piece] : [piece]))}</span>}
          {buttons.map((button) => (
            <Fragment key={button.text}>
              {pieces.length > 0 || button !== buttons[0] ? dot : null}
              <button
                type="button"
                class="sb-link-button"
                aria-label={button.label}
                aria-expanded={button.expanded}
                aria-disabled={pending}
                onClick={() => !pending && button.onClick()}
              >
                {button.text}
              </button>
            </Fragment>
          ))}
          {pieces.length + buttons.length > 0 && dot}
          <WhyButton model={trace} controls={traceId} text={whyText} label={i18n.t('why.named', { text: whyText, name: state.name })} />
        </span>
      )}
      {choosing && state && (
        <ScopeChoice name={state.name} subscribed={subscribed} variants={state.variants} onChoose={(variants) => void choose(variants)} />
      )}
      <ErrorMessage
        error={failure?.error ?? null}
        template={failure?.action === 'mute' ? 'mute.error' : failure?.action === 'toggle' ? 'subscribe.error' : 'subscribe.loadError'}
        onRetry={failure?.action === 'load' ? () => void model.refresh() : undefined}
      />
      {state && <TracePanel model={trace} id={traceId} label={i18n.t('why.panelTarget', { name: state.name })} />}
    </div>
  );
}
