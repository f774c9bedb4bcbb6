import type { TraceModel } from '../models/trace.ts';

export interface Props {
  model: TraceModel;
  /** The panel it opens. */
  controls: string;
  /** "Why?" or "Why not?". */
  text: string;
  /** What it explains, for assistive technology after the visible text ("Why? “Low stock: Bolt”"). */
  label: string;
}

/** The disclosure button of a trace: a small link-like button that says whether its panel is open. */
export function WhyButton({ model, controls, text, label }: Props) {
  return (
    <button
      type="button"
      class="sb-link-button sb-why"
      data-action="why"
      aria-expanded={model.open.value}
      aria-controls={controls}
      aria-label={label}
      onClick={() => model.toggle()}
    >
      {text}
    </button>
  );
}
