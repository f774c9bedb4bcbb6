/**
 * What `<stockbell-settings>` and `<stockbell-admin>` are made of alike: one model per base URL,
 * read once mounted, the settings messages merged into the translator, and section headings at the
 * level the `heading-level` attribute asks for.
 */
import type { ComponentType } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import type { Messages } from '../messages/index.ts';
import { settingsMessages } from '../messages/settings.ts';
import type { PageProps } from '../settings-format.ts';
import type { CommonAttributes } from './attributes.ts';

export interface Props extends CommonAttributes {
  /** Level of the section headings, 2–6 (default 2); the host page has the title. */
  headingLevel?: string | number | null;
}

export function settingsWidget<M extends { refresh(): Promise<void> }>(
  createModel: (baseUrl: string | null | undefined) => M,
  View: ComponentType<PageProps<M>>,
  className: string,
  /** The widget's catalogues, when it needs more than the settings messages. */
  messages: Readonly<Record<string, Partial<Messages>>> = settingsMessages,
): ComponentType<Props> {
  return function SettingsWidget({ baseUrl, theme, locale, headingLevel }: Props) {
    const model = useMemo(() => createModel(baseUrl), [baseUrl]);
    useEffect(() => void model.refresh(), [model]);
    return (
      <WidgetRoot theme={theme} locale={locale} messages={messages} class={className}>
        <View model={model} headingLevel={headingLevel} />
      </WidgetRoot>
    );
  };
}
