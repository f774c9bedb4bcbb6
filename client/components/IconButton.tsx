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
  onClick: () => void;
}

/** A small button showing only an icon; its name says what it does to which notification. */
export function IconButton({ icon, label, title, action, danger, onClick }: Props) {
  return (
    <button
      type="button"
      class={danger ? 'sb-icon-button sb-danger' : 'sb-icon-button'}
      aria-label={label}
      title={title}
      data-action={action}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}
