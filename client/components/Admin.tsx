import { useWidget } from '../context.ts';
import type { AdminModel } from '../models/admin.ts';
import { kindLabeller, noticeText } from '../notice-text.ts';
import { endpointChannels, headingTag, type PageProps } from '../settings-format.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { EndpointForm } from './EndpointForm.tsx';
import { EndpointList } from './EndpointList.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { GeneralSettingsForm } from './GeneralSettingsForm.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import { MatrixTable } from './MatrixTable.tsx';
import { RoleDefaults } from './RoleDefaults.tsx';
import { Section } from './Section.tsx';
import { TraceLookup } from './TraceLookup.tsx';
import { ViewStatus } from './ViewStatus.tsx';

export type Props = PageProps<AdminModel>;

/**
 * The administrators' page: general settings, the global default matrix and defaults per role,
 * shared endpoints, the delivery log, and "why didn't they get it?" for any user. Someone else sees the server's 403 message and nothing more.
 */
export function Admin({ model, headingLevel }: Props) {
  const { i18n } = useWidget();
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

  return (
    <div class="sb-admin-wrap">
      <ViewStatus
        error={failure}
        loading={!settings && model.loading.value}
        loadError="admin.loadError"
        saveError="admin.saveError"
        onRetry={() => void model.refresh()}
      />
      {settings && (
        <>
          <Section heading={H} title={i18n.t('admin.general')}>
            <GeneralSettingsForm model={model} settings={settings} />
          </Section>
          <Section heading={H} title={i18n.t('admin.defaults')}>
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
          </Section>
          <Section heading={H} title={i18n.t('admin.endpoints')}>
            <EndpointList model={model.endpoints} />
            <EndpointForm model={model.endpoints} channels={endpointChannels(settings.channels)} />
          </Section>
          <Section heading={H} title={i18n.t('admin.log')}>
            <DeliveryLog log={model.log} kinds={settings.kinds} />
          </Section>
          <Section heading={H} title={i18n.t('admin.trace')}>
            <TraceLookup model={model.trace} />
          </Section>
        </>
      )}
      <LiveRegion message={noticeText(i18n, notice, kindLabeller(settings?.kinds ?? []))} seq={notice?.seq} />
    </div>
  );
}
