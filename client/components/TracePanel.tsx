import { useWidget } from '../context.ts';
import type { TraceModel } from '../models/trace.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { TraceView } from './TraceView.tsx';

export interface Props {
  model: TraceModel;
  /** The id its "Why?" button names in `aria-controls`. */
  id: string;
  /** The region's name: what it explains. */
  label: string;
}

/** The region a "Why?" / "Why not?" button opens: the trace once read, "Working it out…" until then. */
export function TracePanel({ model, id, label }: Props) {
  const { i18n } = useWidget();
  const open = model.open.value;
  const trace = model.trace.value;
  return (
    <section id={id} class="sb-trace-panel" aria-label={label} hidden={!open}>
      {open && (
        <>
          <ErrorMessage error={model.error.value} template="why.loadError" onRetry={() => void model.refresh()} />
          {!trace && model.loading.value && <p class="sb-muted">{i18n.t('why.loading')}</p>}
          {trace && <TraceView trace={trace} />}
        </>
      )}
    </section>
  );
}
