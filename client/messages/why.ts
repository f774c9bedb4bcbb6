/**
 * The messages of the trace and of finer subscriptions per language (see `./en-why.ts`), merged
 * into the translator of the widgets that show them. A translation is one more line here.
 */
import { enWhy } from './en-why.ts';
import type { Messages } from './index.ts';

export const whyMessages: Readonly<Record<string, Partial<Messages>>> = { en: enWhy };
