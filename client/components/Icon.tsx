export type IconName = 'check' | 'unread' | 'trash' | 'snooze';

export interface Props {
  name: IconName;
}

const PATHS: Record<IconName, string> = {
  check: 'M5 12.5l4.5 4.5L19 7.5',
  unread: 'M4 6.5h16v11H4zM4 7l8 6 8-6',
  trash: 'M5 7h14M10 7V4.5h4V7M7 7l1 12.5h8L17 7M10.5 10.5v6M13.5 10.5v6',
  snooze: 'M3.5 12a8.5 8.5 0 1 0 17 0a8.5 8.5 0 1 0-17 0M12 7.5V12l3 2',
};

/** Small line icons for icon buttons; decorative, the button carries the name. */
export function Icon({ name }: Props) {
  return (
    <svg class="sb-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
