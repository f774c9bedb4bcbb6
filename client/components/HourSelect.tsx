import { useWidget } from '../context.ts';
import { HOURS, hourLabel } from '../settings-format.ts';

export interface Props {
  id: string;
  /** 0–23. */
  value: number;
  describedBy?: string;
  disabled?: boolean;
  onChange: (hour: number) => void;
}

/** An hour of the day, 0–23, written as the locale writes times ("8:00 AM", "08:00"). */
export function HourSelect({ id, value, describedBy, disabled, onChange }: Props) {
  const { i18n } = useWidget();
  return (
    <select
      id={id}
      class="sb-input"
      value={String(value)}
      aria-describedby={describedBy}
      disabled={disabled}
      onChange={(event) => onChange(Number(event.currentTarget.value))}
    >
      {HOURS.map((hour) => (
        <option key={hour} value={String(hour)}>
          {hourLabel(hour, i18n.locale)}
        </option>
      ))}
    </select>
  );
}
