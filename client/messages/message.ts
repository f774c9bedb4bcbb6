/**
 * What one message in a catalogue is: text with `{name}` parameters, or, when it depends on a
 * number, an object keyed by `Intl.PluralRules` category (`one`, `few`, `other`…) with `=0` for an
 * exact zero; `{count}` is the number, formatted for the locale.
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule | '=0', string>> & { other: string };
export type Message = string | PluralMessage;
