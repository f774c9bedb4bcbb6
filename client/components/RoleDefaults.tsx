import { useId, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { afterRender } from '../dom.ts';
import type { AdminModel } from '../models/admin.ts';
import type { Heading } from '../settings-format.ts';
import type { AdminSettings } from '../types.ts';
import type { CellView } from './MatrixCell.tsx';
import { MatrixTable } from './MatrixTable.tsx';
import { Section } from './Section.tsx';

export interface Props {
  model: AdminModel;
  settings: AdminSettings;
  heading: Heading;
}

/**
 * Defaults per role: pick a role (from the host's list when it gives one; otherwise those with
 * defaults are offered and any other name can be typed), then the same matrix, where cells the role
 * does not set follow the global default.
 */
export function RoleDefaults({ model, settings, heading: H }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const roles = model.roles.value;
  const choices = model.roleChoices.value;
  const [role, setRole] = useState(() => roles[0] ?? choices?.[0]?.id ?? '');
  const name = role.trim();
  const label = choices?.find((choice) => choice.id === name)?.name ?? name;
  const own = settings.roleDefaults[name];
  const fieldRef = useRef<HTMLElement | null>(null);
  const keep = (el: HTMLElement | null) => {
    fieldRef.current = el;
  };
  const clear = async () => {
    // The button leaves with the role's defaults: focus goes back to the role.
    if (await model.clearRole(name)) afterRender(() => fieldRef.current?.focus());
  };

  const cell = (kind: string, channel: string): CellView => {
    const value = own?.[kind]?.[channel];
    return value === undefined
      ? { enabled: settings.defaults[kind]?.[channel] ?? false, follows: 'global', resettable: false }
      : { enabled: value, follows: null, resettable: true };
  };

  return (
    <Section heading={H} title={i18n.t('admin.roleDefaults')}>
      <div class="sb-field">
        <label for={`${id}-role`}>{i18n.t('admin.role')}</label>
        {choices ? (
          <select
            ref={keep}
            id={`${id}-role`}
            class="sb-input"
            aria-describedby={`${id}-hint`}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value)}
          >
            {choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              ref={keep}
              id={`${id}-role`}
              class="sb-input"
              type="text"
              list={`${id}-roles`}
              autoComplete="off"
              spellcheck={false}
              maxLength={100}
              aria-describedby={`${id}-hint`}
              value={role}
              onInput={(event) => setRole(event.currentTarget.value)}
            />
            <datalist id={`${id}-roles`}>
              {roles.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </>
        )}
        <p id={`${id}-hint`} class="sb-hint">
          {i18n.t(choices ? 'admin.roleHintListed' : 'admin.roleHint')}
        </p>
      </div>
      {name && (
        <MatrixTable
          caption={i18n.t('admin.roleCaption', { role: label })}
          kinds={settings.kinds}
          channels={settings.channels}
          cell={cell}
          onChange={(kind, channel, enabled) => void model.setRoleDefault(name, kind, channel, enabled)}
          onReset={(kind, channel) => void model.setRoleDefault(name, kind, channel, null)}
          legend={i18n.t('admin.roleLegend')}
        />
      )}
      {name && own && (
        <div class="sb-form-actions">
          <button type="button" class="sb-button sb-button-danger" onClick={() => void clear()}>
            {i18n.t('admin.clearRole')}
          </button>
        </div>
      )}
    </Section>
  );
}
