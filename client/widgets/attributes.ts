/**
 * Attributes every Stockbell element understands (custom elements pass them as camelCased props).
 */
export interface CommonAttributes {
  /** The API's base URL; default `/plugins/stockbell`. */
  baseUrl?: string | null;
  /** `light`, `dark` or `auto` (default: follow `prefers-color-scheme`). */
  theme?: string | null;
  /** BCP 47; default: the page's `lang`, then the browser's. */
  locale?: string | null;
  /** CSP nonce for the `<style>` fallback where constructable stylesheets are unsupported. */
  nonce?: string | null;
}

export const COMMON_ATTRIBUTES = ['base-url', 'theme', 'locale', 'nonce'] as const;
