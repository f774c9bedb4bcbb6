export interface Props {
  message: string;
  /** Changes with every announcement, so the same words are spoken again. */
  seq?: number;
}

/** A polite, visually hidden status region for screen readers. */
export function LiveRegion({ message, seq = 0 }: Props) {
  return (
    <div class="sb-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message ? message + (seq % 2 ? '\u00a0' : '') : ''}
    </div>
  );
}
