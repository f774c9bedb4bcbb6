import { useId } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { Heading } from '../settings-format.ts';
import type { EmailMode, EmailSettings as Email } from '../types.ts';
import { HourSelect } from './HourSelect.tsx';
import { TimeZoneSelect } from './TimeZoneSelect.tsx';

export interface Props {
  email: Email;
  heading: Heading;
  /** Each change is saved at once. */
  onChange: (change: Partial<Email>) => void;
}

const MODES: readonly EmailMode[] = ['immediate', 'digest', 'off'];

/** Email mode as a radio group (immediately, daily digest, off), the digest hour and the time zone. */
export function EmailSettings({ email, heading: H, onChange }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  return (
    <section class="sb-group" aria-labelledby={`${id}-title`}>
      <H id={`${id}-title`} class="sb-heading">
        {i18n.t('settings.email')}
      </H>
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
        <div class="sb-field">
          <label for={`${id}-hour`}>{i18n.t('settings.digestHour')}</label>
          <HourSelect
            id={`${id}-hour`}
            value={email.digestHour}
            describedBy={`${id}-hint`}
            onChange={(digestHour) => onChange({ digestHour })}
          />
        </div>
        <div class="sb-field">
          <label for={`${id}-zone`}>{i18n.t('settings.timeZone')}</label>
          <TimeZoneSelect
            id={`${id}-zone`}
            value={email.timeZone}
            describedBy={`${id}-hint`}
            onChange={(timeZone) => onChange({ timeZone })}
          />
        </div>
      </div>
      <p id={`${id}-hint`} class="sb-hint">
        {i18n.t('settings.digestHint')}
      </p>
    </section>
  );
}
