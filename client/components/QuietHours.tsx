import { useEffect, useId, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { Heading } from '../settings-format.ts';
import type { QuietHours as Quiet } from '../types.ts';
import { Field } from './Field.tsx';
import { Section } from './Section.tsx';

export interface Props {
  quiet: Quiet;
  /** The user's zone (set under Email): the window is in it. */
  timeZone: string;
  heading: Heading;
  /** Each change is saved at once. */
  onChange: (change: Partial<Quiet>) => void;
}

/** Offered when the nightly window is first turned on. */
const EVENING = { from: '19:00', to: '07:00' };
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * Quiet hours as the contract has them: a nightly window (on/off, from and to as HH:MM, which may
 * cross midnight) and all of the weekend, in the user's time zone. The times are kept while the
 * window is off (the fields are disabled), so turning it back on restores them. A window that
 * starts and ends at the same time holds nothing: it is not sent, and the end field says why.
 */
export function QuietHours({ quiet, timeZone, heading: H, onChange }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const stored = quiet.nights;
  const [times, setTimes] = useState(stored ?? EVENING);
  // A new stored window (the server's answer, a re-read) is what the fields show.
  useEffect(() => {
    if (stored) setTimes(stored);
  }, [stored?.from, stored?.to]);
  const nightly = stored !== null;
  const valid = (t: { from: string; to: string }) => CLOCK.test(t.from) && CLOCK.test(t.to) && t.from !== t.to;
  const empty = nightly && times.from === times.to;

  const setTime = (end: 'from' | 'to', value: string) => {
    const next = { ...times, [end]: value };
    setTimes(next);
    if (nightly && valid(next)) onChange({ nights: next });
  };
  const time = (end: 'from' | 'to', label: string) => (
    <Field id={`${id}-${end}`} label={label} describedBy={`${id}-zone`} error={end === 'to' && empty ? i18n.t('settings.quietSame') : null}>
      {(attrs) => (
        <input
          class="sb-input sb-input-time"
          type="time"
          step={60}
          required
          {...attrs}
          value={times[end]}
          disabled={!nightly}
          onChange={(event) => setTime(end, event.currentTarget.value)}
        />
      )}
    </Field>
  );

  return (
    <Section heading={H} title={i18n.t('settings.quiet')}>
      <div class="sb-quiet">
        <label class="sb-choice">
          <input type="checkbox" checked={nightly} onChange={(event) => onChange({ nights: event.currentTarget.checked ? (valid(times) ? times : EVENING) : null })} />
          {i18n.t('settings.quietNights')}
        </label>
        <div class="sb-fields">
          {time('from', i18n.t('settings.quietFrom'))}
          {time('to', i18n.t('settings.quietTo'))}
        </div>
        <p id={`${id}-zone`} class="sb-hint">
          {i18n.t('settings.quietZone', { zone: timeZone.replaceAll('_', ' ') })}
        </p>
        <label class="sb-choice">
          <input type="checkbox" checked={quiet.weekends} onChange={(event) => onChange({ weekends: event.currentTarget.checked })} />
          {i18n.t('settings.quietWeekends')}
        </label>
      </div>
      <p class="sb-footnote">{i18n.t('settings.quietNote')}</p>
    </Section>
  );
}
