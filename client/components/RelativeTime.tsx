import { useWidget } from '../context.ts';

export interface Props {
  /** ISO 8601. */
  value: string;
}

/** "5 minutes ago", with the exact time in the tooltip and the machine-readable value. */
export function RelativeTime({ value }: Props) {
  const { i18n, now } = useWidget();
  return (
    <time class="sb-time" dateTime={value} title={i18n.absolute(value)}>
      {i18n.relative(value, now.value)}
    </time>
  );
}
