import { useId } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { Heading } from '../settings-format.ts';
import type { EmailMode, EmailSettings as Email } from '../types.ts';
import { Field } from './Field.tsx';
import { HourSelect } from './HourSelect.tsx';
import { Section } from './Section.tsx';
import { TimeZoneSelect } from './TimeZoneSelect.tsx';

export interface Props {
  email: Email;
  /** Quiet hours are on: the time zone is theirs too, so it stays enabled whatever the mode. */
  zoneInUse?: boolean;
  heading: Heading;
  /** Each change is saved at once. */
  onChange: (change: Partial<Email>) => void;
}

const MODES: readonly EmailMode[] = ['immediate', 'digest', 'off'];

/**
 * Email mode as a radio group (immediately, daily digest, off), the digest hour and the time zone.
 * The hour only applies to the digest, and the zone to the digest and quiet hours: when they do not
 * apply they are disabled, and the hint that describes them says why (a screen reader hears it on
 * the disabled field).
 */
export function EmailSettings({ email, zoneInUse, heading: H, onChange }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const digest = email.mode === 'digest';
  const zoned = digest || Boolean(zoneInUse);
  return (
    <Section heading={H} title={i18n.t('settings.email')}>
      <fieldset class="sb-fieldset">
        <legend>{i18n.t('settings.mode')}</legend>
        {MODES.map((mode) => (
          <label key={mode} class="sb-choice">
            <input
              type="radio"
              name={`${id}-mode`}
              value={mode}
              checked={email.mode === mode}
              onChange={() => onChange({ mode })}
            />
            {i18n.t(`settings.mode.${mode}`)}
          </label>
        ))}
      </fieldset>
      <div class="sb-fields">
        <Field id={`${id}-hour`} label={i18n.t('settings.digestHour')} describedBy={`${id}-hint`}>
          {(attrs) => (
            <HourSelect {...attrs} value={email.digestHour} disabled={!digest} onChange={(digestHour) => onChange({ digestHour })} />
          )}
        </Field>
        <Field id={`${id}-zone`} label={i18n.t('settings.timeZone')} describedBy={`${id}-hint`}>
          {(attrs) => (
            <TimeZoneSelect {...attrs} value={email.timeZone} disabled={!zoned} onChange={(timeZone) => onChange({ timeZone })} />
          )}
        </Field>
      </div>
      <p id={`${id}-hint`} class="sb-hint">
        {i18n.t(digest ? 'settings.digestHint' : zoned ? 'settings.zoneQuiet' : 'settings.digestOnly')}
      </p>
    </Section>
  );
}
