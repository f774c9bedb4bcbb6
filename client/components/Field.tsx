import type { ComponentChildren } from 'preact';

/** What ties a control to its label, hint and error: spread onto the input, select or textarea. */
export interface FieldAttrs {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export interface Props {
  /** The control's id. */
  id: string;
  label: string;
  hint?: string;
  /** The server's message about this field (a 400 that names it): shown under it, tied to the control. */
  error?: string | null;
  /** More ids describing the control (a hint shared by several fields). */
  describedBy?: string;
  /** Takes the form's whole width. */
  wide?: boolean;
  /** A checkbox: its label wraps it and follows it. */
  choice?: boolean;
  children: (attrs: FieldAttrs) => ComponentChildren;
}

/** One form field: the label, the control (rendered by `children` with the attributes that tie it up), its hint and error. */
export function Field({ id, label, hint, error, describedBy, wide, choice, children }: Props) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const control = children({
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hintId, describedBy, errorId].filter(Boolean).join(' ') || undefined,
  });
  return (
    <div class={wide ? 'sb-field sb-field-wide' : 'sb-field'}>
      {choice ? (
        <label class="sb-choice" for={id}>
          {control}
          {label}
        </label>
      ) : (
        <>
          <label for={id}>{label}</label>
          {control}
        </>
      )}
      {hintId && (
        <p id={hintId} class="sb-hint">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} class="sb-field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
