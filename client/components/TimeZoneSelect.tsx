import { useMemo } from 'preact/hooks';
import { timeZoneGroups } from '../settings-format.ts';
import type { FieldAttrs } from './Field.tsx';

export interface Props extends FieldAttrs {
  /** IANA name. */
  value: string;
  disabled?: boolean;
  onChange: (timeZone: string) => void;
}

/** Every time zone the browser knows (`Intl.supportedValuesOf('timeZone')`), grouped by region. */
export function TimeZoneSelect({ value, disabled, onChange, ...attrs }: Props) {
  const groups = useMemo(() => timeZoneGroups(value), [value]);
  const option = (zone: string) => (
    <option key={zone} value={zone}>
      {zone.replaceAll('_', ' ')}
    </option>
  );
  return (
    <select
      class="sb-input"
      {...attrs}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.value)}
    >
      {groups.map(([region, zones]) =>
        region ? (
          <optgroup key={region} label={region}>
            {zones.map(option)}
          </optgroup>
        ) : (
          zones.map(option)
        ),
      )}
    </select>
  );
}
