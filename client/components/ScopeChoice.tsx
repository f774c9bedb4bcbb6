import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';

export interface Props {
  /** The template part's name. */
  name: string;
  /** Already subscribed: the choice changes what the subscription covers. */
  subscribed: boolean;
  /** What the subscription covers now (or the default). */
  variants: boolean;
  /** `true`/`false`: follow with or without the variants; `null`: cancelled. */
  onChoose: (variants: boolean | null) => void;
}

/**
 * What a subscription to a template part covers: the part and its variants, or the part alone.
 * Opened from the toggle (or "Change"); takes focus on the chosen option; Escape cancels.
 */
export function ScopeChoice({ name, subscribed, variants, onChoose }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const [choice, setChoice] = useState(variants);
  const firstRef = useRef<HTMLInputElement>(null);
  const otherRef = useRef<HTMLInputElement>(null);
  useEffect(() => (variants ? firstRef : otherRef).current?.focus(), [variants]);
  const option = (value: boolean, text: string, ref: typeof firstRef) => (
    <label class="sb-scope-option">
      <input ref={ref} type="radio" name={`${id}-scope`} checked={choice === value} onChange={() => setChoice(value)} />
      {text}
    </label>
  );
  return (
    <fieldset
      class="sb-scope"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onChoose(null);
      }}
    >
      <legend>
        {i18n.t('scope.legend')}: {name}
      </legend>
      {option(true, i18n.t('scope.variants'), firstRef)}
      {option(false, i18n.t('scope.partOnly'), otherRef)}
      <span class="sb-scope-actions">
        <button type="button" class="sb-button" onClick={() => onChoose(choice)}>
          {i18n.t(subscribed ? 'scope.save' : 'scope.subscribe')}
        </button>
        <button type="button" class="sb-link-button" onClick={() => onChoose(null)}>
          {i18n.t('scope.cancel')}
        </button>
      </span>
    </fieldset>
  );
}
