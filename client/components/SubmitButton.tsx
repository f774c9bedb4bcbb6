import type { ComponentChildren } from 'preact';

export interface Props {
  /** The form's request is on its way: the button waits, and says so. */
  busy: boolean;
  children: ComponentChildren;
}

/** A form's primary button, on its own row at the end of the form. */
export function SubmitButton({ busy, children }: Props) {
  return (
    <div class="sb-form-actions">
      <button type="submit" class="sb-button sb-button-primary" disabled={busy} aria-busy={busy || undefined}>
        {children}
      </button>
    </div>
  );
}
