import { useId, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { MessageId } from '../messages/index.ts';
import type { AdminModel, GeneralField } from '../models/admin.ts';
import { type GeneralDraft, generalChanges, generalDraft } from '../settings-format.ts';
import type { AdminSettings } from '../types.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Field } from './Field.tsx';
import { HourSelect } from './HourSelect.tsx';
import { SubmitButton } from './SubmitButton.tsx';

export interface Props {
  model: AdminModel;
  settings: AdminSettings;
}

/**
 * The global settings as one form with a Save button: the master switch, low-stock watching,
 * retention, the default digest hour, the public URL, allowed origins, the endpoint allow-list, and
 * the urgent kinds (one checkbox per kind: they bypass users' quiet hours).
 * The server's 400 message appears next to the field it names.
 */
export function GeneralSettingsForm({ model, settings }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const [draft, setDraft] = useState(() => generalDraft(settings));
  const failure = model.generalError.value;
  const saving = model.saving.value;
  const set = (patch: Partial<GeneralDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (await model.saveGeneral(generalChanges(draft, model.settings.value ?? settings))) {
      setDraft(generalDraft(model.settings.value ?? settings));
    }
  };

  /** A field's id, label and hint, and the server's message when its 400 named this field. */
  const field = (name: GeneralField, label: MessageId, hint: MessageId) => ({
    id: `${id}-${name}`,
    label: i18n.t(label),
    hint: i18n.t(hint),
    error: failure?.field === name ? failure.error.message : null,
  });
  const urgent = { hint: `${id}-urgentKinds-hint`, error: failure?.field === 'urgentKinds' ? failure.error.message : null };
  const checkbox = (name: 'enabled' | 'lowStockEnabled', label: MessageId, hint: MessageId) => (
    <Field {...field(name, label, hint)} wide choice>
      {(attrs) => <input type="checkbox" {...attrs} checked={draft[name]} onChange={(e) => set({ [name]: e.currentTarget.checked })} />}
    </Field>
  );
  /** A list typed one entry per line. */
  const lines = (name: 'allowedOrigins' | 'endpointAllowList', label: MessageId, hint: MessageId) => (
    <Field {...field(name, label, hint)} wide>
      {(attrs) => (
        <textarea class="sb-input" rows={3} spellcheck={false} {...attrs} value={draft[name]} onInput={(e) => set({ [name]: e.currentTarget.value })} />
      )}
    </Field>
  );

  return (
    <form class="sb-form sb-general" noValidate onSubmit={onSubmit}>
      {checkbox('enabled', 'admin.enabled', 'admin.enabledHint')}
      {checkbox('lowStockEnabled', 'admin.lowStock', 'admin.lowStockHint')}
      <Field {...field('retentionDays', 'admin.retention', 'admin.retentionHint')}>
        {(attrs) => (
          <input
            class="sb-input sb-input-number"
            type="number"
            min={0}
            max={3650}
            step={1}
            {...attrs}
            value={draft.retentionDays}
            onInput={(e) => set({ retentionDays: e.currentTarget.value })}
          />
        )}
      </Field>
      <Field {...field('defaultDigestHour', 'admin.digestHour', 'admin.digestHourHint')}>
        {(attrs) => (
          <HourSelect {...attrs} value={draft.defaultDigestHour} onChange={(defaultDigestHour) => set({ defaultDigestHour })} />
        )}
      </Field>
      <Field {...field('publicUrl', 'admin.publicUrl', 'admin.publicUrlHint')} wide>
        {(attrs) => (
          <input
            class="sb-input"
            type="url"
            autoComplete="url"
            spellcheck={false}
            {...attrs}
            value={draft.publicUrl}
            onInput={(e) => set({ publicUrl: e.currentTarget.value })}
          />
        )}
      </Field>
      {lines('allowedOrigins', 'admin.origins', 'admin.originsHint')}
      {lines('endpointAllowList', 'admin.allowList', 'admin.allowListHint')}
      <fieldset class="sb-field sb-field-wide sb-fieldset" aria-describedby={urgent.hint}>
        <legend>{i18n.t('admin.urgent')}</legend>
        {settings.kinds.map((kind) => (
          <label key={kind.id} class="sb-choice">
            <input
              type="checkbox"
              checked={draft.urgentKinds.includes(kind.id)}
              aria-invalid={urgent.error ? true : undefined}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                const chosen = new Set(draft.urgentKinds);
                if (on) chosen.add(kind.id);
                else chosen.delete(kind.id);
                set({ urgentKinds: settings.kinds.map((k) => k.id).filter((k) => chosen.has(k)) });
              }}
            />
            {kind.label}
          </label>
        ))}
        <p id={urgent.hint} class="sb-hint">
          {i18n.t('admin.urgentHint')}
        </p>
        {urgent.error && (
          <p class="sb-field-error" role="alert">
            {urgent.error}
          </p>
        )}
      </fieldset>
      {failure && !failure.field && <ErrorMessage error={failure.error} template="admin.saveError" />}
      <SubmitButton busy={saving}>{i18n.t('admin.save')}</SubmitButton>
    </form>
  );
}
