import { useId, useRef } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { afterRender } from '../dom.ts';

/** What one cell of a preferences matrix shows. */
export interface CellView {
  enabled: boolean;
  /** The default this cell follows (shown as a mark), or null when it is set at the level being edited. */
  follows: 'role' | 'global' | null;
  /** Set at this level over a default: a Reset button clears it. */
  resettable: boolean;
  /** A change of this cell is on its way. */
  busy?: boolean;
  /** Id of a note about this cell (e.g. that nothing is sent because no endpoint exists). */
  note?: string;
}

export interface Props {
  /** The checkbox's accessible name, e.g. "Email for Low stock". */
  label: string;
  view: CellView;
  /** The inbox: always on, not switchable; `describedBy` says why. */
  fixed?: boolean;
  /** Id of the text explaining a fixed cell. */
  describedBy?: string;
  onChange: (enabled: boolean) => void;
  onReset?: () => void;
}

/**
 * One cell: a checkbox named after its row and column, a mark when it follows a default ("global",
 * "role", with the full sentence as its description), or a Reset button when it is set here.
 */
export function MatrixCell({ label, view, fixed, describedBy, onChange, onReset }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const boxRef = useRef<HTMLInputElement>(null);
  const follows = fixed ? null : view.follows;
  const reset = () => {
    onReset?.();
    // The button goes away with the override: keep focus on the cell.
    afterRender(() => boxRef.current?.focus());
  };
  return (
    <td data-follows={follows ?? undefined} data-overridden={!fixed && view.resettable ? '' : undefined}>
      <span class="sb-cell">
        <input
          ref={boxRef}
          type="checkbox"
          class="sb-matrix-check"
          aria-label={label}
          checked={fixed ? true : view.enabled}
          disabled={fixed}
          aria-busy={view.busy || undefined}
          aria-describedby={(fixed ? [describedBy] : [follows && `${id}-mark`, view.note]).filter(Boolean).join(' ') || undefined}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
        {follows && (
          <span class="sb-mark" title={i18n.t(follows === 'role' ? 'matrix.follows.role' : 'matrix.follows.global')}>
            <span aria-hidden="true">{i18n.t(follows === 'role' ? 'matrix.mark.role' : 'matrix.mark.global')}</span>
            <span id={`${id}-mark`} class="sb-visually-hidden">
              {i18n.t(follows === 'role' ? 'matrix.follows.role' : 'matrix.follows.global')}
            </span>
          </span>
        )}
        {!fixed && view.resettable && onReset && (
          <button
            type="button"
            class="sb-link-button sb-reset"
            aria-label={i18n.t('matrix.resetNamed', { cell: label })}
            disabled={view.busy}
            onClick={reset}
          >
            {i18n.t('matrix.reset')}
          </button>
        )}
      </span>
    </td>
  );
}
