export interface Props {
  /** Filled when subscribed (or when there is something to see), outlined otherwise. */
  filled?: boolean;
}

/** A bell, drawn in the current text colour; decorative (the button names itself). */
export function BellIcon({ filled = false }: Props) {
  return (
    <svg class="sb-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        d="M12 2.5a6 6 0 0 0-6 6v3.6l-1.7 3.1a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 12.1V8.5a6 6 0 0 0-6-6Z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        stroke-width="1.8"
        stroke-linejoin="round"
      />
      <path d="M9.5 19.5a2.5 2.5 0 0 0 5 0" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
    </svg>
  );
}
