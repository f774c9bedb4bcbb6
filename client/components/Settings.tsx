import { useId, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { cellKey, type PreferencesModel, quietHoursOn } from '../models/preferences.ts';
import { kindLabeller, noticeText } from '../notice-text.ts';
import { channelLabel, endpointChannels, headingTag, type PageProps, unreachableChannels } from '../settings-format.ts';
import { EmailSettings } from './EmailSettings.tsx';
import { EndpointForm } from './EndpointForm.tsx';
import { EndpointList } from './EndpointList.tsx';
import { LiveRegion } from './LiveRegion.tsx';
import type { CellView } from './MatrixCell.tsx';
import { MatrixTable } from './MatrixTable.tsx';
import { QuietHours } from './QuietHours.tsx';
import { Section } from './Section.tsx';
import { ViewStatus } from './ViewStatus.tsx';

export type Props = PageProps<PreferencesModel>;

/**
 * The user's notification settings: the matrix (each cell's source marked, user choices
 * resettable, urgent kinds tagged), email mode, digest hour and time zone, quiet hours, personal
 * endpoints. Every change is saved at
 * once and confirmed in a polite status region; failures are alerts.
 */
export function Settings({ model, headingLevel }: Props) {
  const { i18n } = useWidget();
  const H = headingTag(headingLevel);
  const view = model.view.value;
  const failure = model.error.value;
  const resetting = model.resetting.value;
  const kindLabel = kindLabeller(view?.kinds ?? []);
  const id = useId();
  const [addFor, setAddFor] = useState<{ channel: ReturnType<typeof endpointChannels>[number] } | null>(null);
  const noteId = (channel: string) => `${id}-none-${channel}`;
  const unreachable = view ? unreachableChannels(view) : [];

  const cell = (kind: string, channel: string): CellView => {
    const value = view?.matrix[kind]?.[channel] ?? { enabled: false, source: 'global' };
    return {
      enabled: value.enabled,
      follows: value.source === 'user' ? null : value.source,
      resettable: value.source === 'user',
      busy: resetting.has(cellKey(kind, channel)),
      note: value.enabled && (unreachable as readonly string[]).includes(channel) ? noteId(channel) : undefined,
    };
  };

  return (
    <div class="sb-settings-wrap">
      <ViewStatus
        error={failure}
        loading={!view && model.loading.value}
        loadError="settings.loadError"
        saveError="settings.saveError"
        onRetry={() => void model.refresh()}
      />
      {view && (
        <>
          <MatrixTable
            caption={i18n.t('settings.caption')}
            kinds={view.kinds}
            channels={view.channels}
            cell={cell}
            urgent={view.urgentKinds}
            onChange={(kind, channel, enabled) => void model.setCell(kind, channel, enabled)}
            onReset={(kind, channel) => void model.resetCell(kind, channel)}
            legend={i18n.t('settings.legend')}
          />
          {unreachable.map((channel) => {
            const name = { channel: channelLabel(i18n, channel) };
            return (
              <p key={channel} id={noteId(channel)} class="sb-footnote sb-warning">
                {i18n.t('settings.noEndpoint', name)}{' '}
                <button type="button" class="sb-link-button" onClick={() => setAddFor({ channel })}>
                  {i18n.t('settings.addEndpoint', name)}
                </button>
              </p>
            );
          })}
          {view.email.mode === 'off' && <p class="sb-footnote">{i18n.t('settings.emailOff')}</p>}
          {view.sharedEndpoints.length > 0 && (
            <p class="sb-footnote">
              {i18n.t('settings.shared', { names: view.sharedEndpoints.map((e) => e.name).join(', ') })}
            </p>
          )}
          <EmailSettings
            email={view.email}
            zoneInUse={quietHoursOn(view.quietHours)}
            heading={H}
            onChange={(change) => void model.setEmail(change)}
          />
          <QuietHours
            quiet={view.quietHours}
            timeZone={view.email.timeZone}
            heading={H}
            onChange={(change) => void model.setQuietHours(change)}
          />
          <Section heading={H} title={i18n.t('settings.endpoints')}>
            <EndpointList model={model.endpoints} />
            <EndpointForm model={model.endpoints} channels={endpointChannels(view.channels)} signable addFor={addFor} />
          </Section>
        </>
      )}
      <LiveRegion message={noticeText(i18n, model.notice.value, kindLabel)} seq={model.notice.value?.seq} />
    </div>
  );
}
