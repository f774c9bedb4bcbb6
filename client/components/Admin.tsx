import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { AdminModel } from '../models/admin.ts';
import { kindLabeller, noticeText } from '../notice-text.ts';
import { endpointChannels, headingTag } from '../settings-format.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { EndpointForm } from './EndpointForm.tsx';
import { EndpointList } from './EndpointList.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { GeneralSettingsForm } from './GeneralSettingsForm.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import { MatrixTable } from './MatrixTable.tsx';
import { RoleDefaults } from './RoleDefaults.tsx';

export interface Props {
  model: AdminModel;
  /** Level of the section headings (2 by default); the host page has the title. */
  headingLevel?: number | string | null;
}

/**
 * The administrators' page: general settings, the global default matrix and defaults per role,
 * shared endpoints, the delivery log. Someone else sees the server's 403 message and nothing more.
 */
export function Admin({ model, headingLevel }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const H = headingTag(headingLevel);
  const Sub = headingTag(headingLevel, 1);
  const settings = model.settings.value;
  const failure = model.error.value;
  const notice = model.notice.value;

  if (model.denied.value) {
    return (
      <div class="sb-admin-wrap">
        <ErrorMessage error={failure?.error ?? null} template="admin.denied" />
      </div>
    );
  }

  const section = (key: string, title: string, body: ComponentChildren) => (
    <section class="sb-group" aria-labelledby={`${id}-${key}`}>
      <H id={`${id}-${key}`} class="sb-heading">
        {title}
      </H>
      {body}
    </section>
  );

  return (
    <div class="sb-admin-wrap">
      <ErrorMessage
        error={failure?.action === 'load' ? failure.error : null}
        template="admin.loadError"
        onRetry={() => void model.refresh()}
      />
      <ErrorMessage error={failure?.action === 'save' ? failure.error : null} template="admin.saveError" />
      {!settings && model.loading.value && <p class="sb-empty">{i18n.t('common.loading')}</p>}
      {settings && (
        <>
          {section('general', i18n.t('admin.general'), <GeneralSettingsForm model={model} settings={settings} />)}
          {section(
            'defaults',
            i18n.t('admin.defaults'),
            <>
              <MatrixTable
                caption={i18n.t('admin.globalCaption')}
                kinds={settings.kinds}
                channels={settings.channels}
                cell={(kind, channel) => ({
                  enabled: settings.defaults[kind]?.[channel] ?? false,
                  follows: null,
                  resettable: false,
                })}
                onChange={(kind, channel, enabled) => void model.setDefault(kind, channel, enabled)}
              />
              <RoleDefaults model={model} settings={settings} heading={Sub} />
            </>,
          )}
          {section(
            'endpoints',
            i18n.t('admin.endpoints'),
            <>
              <EndpointList model={model.endpoints} />
              <EndpointForm
                model={model.endpoints}
                channels={endpointChannels(settings.channels)}
              />
            </>,
          )}
          {section('log', i18n.t('admin.log'), <DeliveryLog log={model.log} kinds={settings.kinds} />)}
        </>
      )}
      <LiveRegion message={noticeText(i18n, notice, kindLabeller(settings?.kinds ?? []))} seq={notice?.seq} />
    </div>
  );
}
