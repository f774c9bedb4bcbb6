/**
 * The settings and admin widgets' messages per language (see `./en-settings.ts`); they are merged
 * into the widget's translator by `WidgetRoot`. A translation is one more line here.
 */
import { enSettings } from './en-settings.ts';
import type { Messages } from './index.ts';

export const settingsMessages: Readonly<Record<string, Partial<Messages>>> = { en: enSettings };
