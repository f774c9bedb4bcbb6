import { useId, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { AdminModel, GeneralField } from '../models/admin.ts';
import { type GeneralDraft, generalChanges, generalDraft } from '../settings-format.ts';
import type { AdminSettings } from '../types.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { HourSelect } from './HourSelect.tsx';

export interface Props {
  model: AdminModel;
  settings: AdminSettings;
}

/**
 * The global settings as one form with a Save button: the master switch, low-stock watching,
 * retention, the default digest hour, the public URL, allowed origins and the endpoint allow-list.
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

  const hint = (name: GeneralField) => `${id}-${name}-hint`;
  const errorId = (name: GeneralField) => `${id}-${name}-error`;
  /** Attributes tying a field to its hint and, when the server named it, its error. */
  const described = (name: GeneralField) => {
    const invalid = failure?.field === name;
    return {
      id: `${id}-${name}`,
      'aria-invalid': invalid || undefined,
      'aria-describedby': invalid ? `${hint(name)} ${errorId(name)}` : hint(name),
    };
  };
  const fieldError = (name: GeneralField) =>
    failure?.field === name && (
      <p id={errorId(name)} class="sb-field-error" role="alert">
        {failure.error.message}
      </p>
    );
  const hintText = (name: GeneralField, text: string) => (
    <p id={hint(name)} class="sb-hint">
      {text}
    </p>
  );

  return (
    <form class="sb-form sb-general" noValidate onSubmit={onSubmit}>
      <div class="sb-field sb-field-wide">
        <label class="sb-choice">
          <input
            type="checkbox"
            {...described('enabled')}
            checked={draft.enabled}
            onChange={(event) => set({ enabled: event.currentTarget.checked })}
          />
          {i18n.t('admin.enabled')}
        </label>
        {hintText('enabled', i18n.t('admin.enabledHint'))}
        {fieldError('enabled')}
      </div>
      <div class="sb-field sb-field-wide">
        <label class="sb-choice">
          <input
            type="checkbox"
            {...described('lowStockEnabled')}
            checked={draft.lowStockEnabled}
            onChange={(event) => set({ lowStockEnabled: event.currentTarget.checked })}
          />
          {i18n.t('admin.lowStock')}
        </label>
        {hintText('lowStockEnabled', i18n.t('admin.lowStockHint'))}
        {fieldError('lowStockEnabled')}
      </div>
      <div class="sb-field">
        <label for={`${id}-retentionDays`}>{i18n.t('admin.retention')}</label>
        <input
          class="sb-input sb-input-number"
          type="number"
          min={0}
          max={3650}
          step={1}
          {...described('retentionDays')}
          value={draft.retentionDays}
          onInput={(event) => set({ retentionDays: event.currentTarget.value })}
        />
        {hintText('retentionDays', i18n.t('admin.retentionHint'))}
        {fieldError('retentionDays')}
      </div>
      <div class="sb-field">
        <label for={`${id}-defaultDigestHour`}>{i18n.t('admin.digestHour')}</label>
        <HourSelect
          id={`${id}-defaultDigestHour`}
          value={draft.defaultDigestHour}
          describedBy={described('defaultDigestHour')['aria-describedby']}
          onChange={(defaultDigestHour) => set({ defaultDigestHour })}
        />
        {hintText('defaultDigestHour', i18n.t('admin.digestHourHint'))}
        {fieldError('defaultDigestHour')}
      </div>
      <div class="sb-field sb-field-wide">
        <label for={`${id}-publicUrl`}>{i18n.t('admin.publicUrl')}</label>
        <input
          class="sb-input"
          type="url"
          autoComplete="url"
          spellcheck={false}
          {...described('publicUrl')}
          value={draft.publicUrl}
          onInput={(event) => set({ publicUrl: event.currentTarget.value })}
        />
        {hintText('publicUrl', i18n.t('admin.publicUrlHint'))}
        {fieldError('publicUrl')}
      </div>
      <div class="sb-field sb-field-wide">
        <label for={`${id}-allowedOrigins`}>{i18n.t('admin.origins')}</label>
        <textarea
          class="sb-input"
          rows={3}
          spellcheck={false}
          {...described('allowedOrigins')}
          value={draft.allowedOrigins}
          onInput={(event) => set({ allowedOrigins: event.currentTarget.value })}
        />
        {hintText('allowedOrigins', i18n.t('admin.originsHint'))}
        {fieldError('allowedOrigins')}
      </div>
      <div class="sb-field sb-field-wide">
        <label for={`${id}-endpointAllowList`}>{i18n.t('admin.allowList')}</label>
        <textarea
          class="sb-input"
          rows={3}
          spellcheck={false}
          {...described('endpointAllowList')}
          value={draft.endpointAllowList}
          onInput={(event) => set({ endpointAllowList: event.currentTarget.value })}
        />
        {hintText('endpointAllowList', i18n.t('admin.allowListHint'))}
        {fieldError('endpointAllowList')}
      </div>
      {failure && !failure.field && <ErrorMessage error={failure.error} template="admin.saveError" />}
      <div class="sb-form-actions">
        <button type="submit" class="sb-button sb-button-primary" disabled={saving} aria-busy={saving || undefined}>
          {i18n.t('admin.save')}
        </button>
      </div>
    </form>
  );
}
