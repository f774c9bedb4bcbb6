import { Icon, type IconName } from './Icon.tsx';

export interface Props {
  icon: IconName;
  /** The accessible name: the action and what it acts on ("Mark “Low stock” read"). */
  label: string;
  /** The short tooltip ("Mark read"). */
  title: string;
  /** Names the action, so focus can find the same button in the next row when this one's row goes. */
  action: string;
  danger?: boolean;
  /** A key that does the same from anywhere in the row (`aria-keyshortcuts`). */
  keyshortcuts?: string;
  onClick: () => void;
}

/** A small button showing only an icon; its name says what it does to which notification. */
export function IconButton({ icon, label, title, action, danger, keyshortcuts, onClick }: Props) {
  return (
    <button
      type="button"
      class={danger ? 'sb-icon-button sb-danger' : 'sb-icon-button'}
      aria-label={label}
      title={title}
      data-action={action}
      aria-keyshortcuts={keyshortcuts}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}
