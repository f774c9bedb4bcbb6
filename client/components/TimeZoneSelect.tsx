import { useMemo } from 'preact/hooks';
import { timeZoneGroups } from '../settings-format.ts';

export interface Props {
  id: string;
  /** IANA name. */
  value: string;
  describedBy?: string;
  onChange: (timeZone: string) => void;
}

/** Every time zone the browser knows (`Intl.supportedValuesOf('timeZone')`), grouped by region. */
export function TimeZoneSelect({ id, value, describedBy, onChange }: Props) {
  const groups = useMemo(() => timeZoneGroups(value), [value]);
  const option = (zone: string) => (
    <option key={zone} value={zone}>
      {zone.replaceAll('_', ' ')}
    </option>
  );
  return (
    <select
      id={id}
      class="sb-input"
      value={value}
      aria-describedby={describedBy}
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
