/**
 * The settings and admin widgets' messages per language (see `./en-settings.ts`); they are merged
 * into the widget's translator by `WidgetRoot`. A translation is one more line here.
 */
import type { Messages } from './en.ts';
import { enSettings } from './en-settings.ts';

export const settingsMessages: Readonly<Record<string, Partial<Messages>>> = { en: enSettings };
