import { useWidget } from '../context.ts';
import { HOURS, hourLabel } from '../settings-format.ts';
import type { FieldAttrs } from './Field.tsx';

export interface Props extends FieldAttrs {
  /** 0–23. */
  value: number;
  disabled?: boolean;
  onChange: (hour: number) => void;
}

/** An hour of the day, 0–23, written as the locale writes times ("8:00 AM", "08:00"). */
export function HourSelect({ value, disabled, onChange, ...attrs }: Props) {
  const { i18n } = useWidget();
  return (
    <select
      class="sb-input"
      {...attrs}
      value={String(value)}
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
