/**
 * Turning message ids into text for one locale: parameters, plurals (Intl.PluralRules), relative
 * and absolute times (Intl.RelativeTimeFormat, Intl.DateTimeFormat). Catalogues are plain files;
 * English is the fallback for any locale without one, and for any id a catalogue lacks.
 */
import { en } from './en.ts';
import type { enSettings } from './en-settings.ts';
import type { enWhy } from './en-why.ts';
import type { Message } from './message.ts';

/**
 * Every message id: those of `./en.ts`, which ship with the bell, the settings and admin widgets'
 * (`./en-settings.ts`) and the trace's and finer subscriptions' (`./en-why.ts`), which ship with
 * the chunks of the widgets that show them.
 */
export type MessageId = keyof typeof en | keyof typeof enSettings | keyof typeof enWhy;
/** The shape every translation is (its core file and its settings file together). */
export type Messages = Record<MessageId, Message>;
export type Params = Record<string, string | number>;

/** Language (or full tag, lower case) → catalogue. A translation is one more file and one more line here. */
const catalogues: Readonly<Record<string, Partial<Messages>>> = { en };

export interface Translator {
  /** The locale Intl formats with. */
  readonly locale: string;
  t(id: MessageId, params?: Params): string;
  /** Like `t`, but parameters may be nodes (a link inside a sentence): returns the pieces in order. */
  rich<T>(id: MessageId, params: Record<string, string | number | T>): (string | T)[];
  /** "5 minutes ago", "yesterday", "just now". */
  relative(iso: string, now: number): string;
  /** Date and time for a tooltip. */
  absolute(iso: string): string;
  number(value: number): string;
}

function canonical(locale: string | null | undefined): string | null {
  if (!locale) return null;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * `more`: a lazily loaded widget's own catalogues (language → messages), merged over the core ones
 * (see `./settings.ts`).
 */
export function createTranslator(locale?: string | null, more?: Readonly<Record<string, Partial<Messages>>>): Translator {
  const requested = canonical(locale) ?? 'en';
  const language = requested.split('-')[0]?.toLowerCase() ?? 'en';
  const pick = (from: Readonly<Record<string, Partial<Messages>>> | undefined) => from?.[requested.toLowerCase()] ?? from?.[language];
  const catalogue = pick(catalogues);
  // Dates and numbers follow the text: a locale without a catalogue reads English throughout.
  const intlLocale = catalogue ? requested : 'en';
  const english: Partial<Messages> = more?.en ? { ...en, ...more.en } : en;
  const messages: Partial<Messages> = catalogue ? { ...catalogue, ...pick(more) } : english;
  const plurals = new Intl.PluralRules(intlLocale);
  const numbers = new Intl.NumberFormat(intlLocale);
  const relativeFormat = new Intl.RelativeTimeFormat(intlLocale, { numeric: 'auto' });
  const dateFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short' });

  function template(id: MessageId, params: Record<string, unknown>): string {
    const message: Message = messages[id] ?? english[id] ?? id;
    if (typeof message === 'string') return message;
    const count = Number(params.count ?? 0);
    return (count === 0 ? message['=0'] : undefined) ?? message[plurals.select(count)] ?? message.other;
  }

  function pieces<T>(id: MessageId, params: Record<string, string | number | T>): (string | T)[] {
    const out: (string | T)[] = [];
    const text = template(id, params);
    let last = 0;
    for (const match of text.matchAll(/\{(\w+)\}/g)) {
      const name = match[1] ?? '';
      if (!(name in params)) continue;
      if (match.index > last) out.push(text.slice(last, match.index));
      const value = params[name] as string | number | T;
      out.push(typeof value === 'number' ? numbers.format(value) : value);
      last = match.index + match[0].length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  const translator: Translator = {
    locale: intlLocale,
    t: (id, params = {}) => pieces<string>(id, params).join(''),
    rich: pieces,
    relative(iso, now) {
      const seconds = Math.round((Date.parse(iso) - now) / 1000);
      if (!Number.isFinite(seconds)) return '';
      const abs = Math.abs(seconds);
      if (abs < 45) return translator.t('time.justNow');
      for (const [unit, size, below] of UNITS) {
        if (abs < below) return relativeFormat.format(Math.round(seconds / size), unit);
      }
      return relativeFormat.format(Math.round(seconds / YEAR), 'year');
    },
    absolute(iso) {
      const time = Date.parse(iso);
      return Number.isFinite(time) ? dateFormat.format(time) : '';
    },
    number: (value) => numbers.format(value),
  };
  return translator;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;
/** [unit, seconds per unit, use it while |seconds| is below]. */
const UNITS: [Intl.RelativeTimeFormatUnit, number, number][] = [
  ['minute', MINUTE, 45 * MINUTE],
  ['hour', HOUR, 22 * HOUR],
  ['day', DAY, 6 * DAY],
  ['week', WEEK, 4 * WEEK],
  ['month', MONTH, 11 * MONTH],
];
