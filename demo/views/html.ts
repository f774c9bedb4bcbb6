/**
 * HTML with escaping by default: every value interpolated into `html\`…\`` goes through `escapeHtml`
 * unless it is itself the result of `html` (already safe). No view builds markup any other way.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** The one escaper: text and attribute values (always double-quoted in our templates). */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/** Markup that is already escaped. Only `html` (and `raw`, for constant markup) make one. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text and numbers are escaped, nothing renders as empty, arrays join. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value as string | number);
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Constant markup written in code (never data). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Quantities as people read them: 1,234.5 (no float noise). */
export function quantity(value: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 4 }).format(value);
}
