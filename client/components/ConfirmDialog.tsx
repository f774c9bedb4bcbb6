import { useEffect, useId, useRef } from 'preact/hooks';

export interface Props {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  /** Cancel button, Escape, or any other close. */
  onCancel: () => void;
}

/** A modal confirmation on the native `<dialog>`: focus is trapped, Escape cancels, Cancel is focused first. */
export function ConfirmDialog({ open, title, body, confirmLabel, cancelLabel, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="sb-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={() => {
        if (open) onCancel();
      }}
    >
      <h2 id={`${id}-title`} class="sb-dialog-title">
        {title}
      </h2>
      <p id={`${id}-body`}>{body}</p>
      <div class="sb-dialog-actions">
        <button type="button" class="sb-button" autofocus onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" class="sb-button sb-button-danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
