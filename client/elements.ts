/**
 * The custom elements. Each renders its widget into an open shadow root styled by shared
 * constructable stylesheets (the base sheet plus the widget's own), or, where those are
 * unsupported, by a `<style>` carrying the element's `nonce` so a strict CSP allows it.
 *
 * The bell ships in the main module (every page has one); the inbox, the subscription list, the
 * toggle, the settings and the admin widgets are loaded from sibling chunks the first time such an
 * element connects.
 * Defining twice is harmless: a second copy of the bundle leaves the first one's elements alone.
 */
import { type ComponentType, Fragment, h, render } from 'preact';
import baseCss from './styles/base.css?inline';
import bellCss from './styles/bell.css?inline';
import { COMMON_ATTRIBUTES } from './widgets/attributes.ts';
import { BellWidget } from './widgets/BellWidget.tsx';

/** A widget takes its element's attributes as camelCased string props (each declares its own). */
export type Widget = ComponentType<any>;
export interface WidgetModule {
  Widget: Widget;
  /** The widget's own CSS, adopted after the base sheet. */
  styles: string;
}

export interface ElementDefinition {
  /** Attributes observed beyond the common ones (`base-url`, `theme`, `locale`, `nonce`). */
  attributes: readonly string[];
  load(): WidgetModule | Promise<WidgetModule>;
}

export const ELEMENTS: Readonly<Record<string, ElementDefinition>> = {
  'stockbell-bell': {
    attributes: ['inbox-url', 'history-url', 'align'],
    load: () => ({ Widget: BellWidget, styles: bellCss }),
  },
  'stockbell-inbox': { attributes: ['tab'], load: () => import('./chunks/inbox.ts') },
  'stockbell-subscribe': { attributes: ['kind', 'target-id'], load: () => import('./chunks/subscribe.ts') },
  'stockbell-subscriptions': { attributes: ['heading-level'], load: () => import('./chunks/subscriptions.ts') },
  'stockbell-settings': { attributes: ['heading-level'], load: () => import('./chunks/settings.ts') },
  'stockbell-admin': { attributes: ['heading-level'], load: () => import('./chunks/admin.ts') },
};

/** `target-id` → `targetId`. */
export const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const supportsAdoption = (): boolean =>
  typeof Document !== 'undefined' &&
  'adoptedStyleSheets' in Document.prototype &&
  typeof CSSStyleSheet !== 'undefined' &&
  'replaceSync' in CSSStyleSheet.prototype;

/** Define every `<stockbell-*>` element not defined yet. The bundle calls this when it loads. */
export function defineElements(definitions: Readonly<Record<string, ElementDefinition>> = ELEMENTS): void {
  if (typeof customElements === 'undefined') return;
  const adopt = supportsAdoption();
  const sheets = new Map<string, CSSStyleSheet>();
  const sheetFor = (css: string) => {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    return sheet;
  };

  for (const [tag, definition] of Object.entries(definitions)) {
    if (customElements.get(tag)) continue;
    const observed = [...COMMON_ATTRIBUTES, ...definition.attributes];
    let loading: Promise<WidgetModule> | null = null;
    const load = () => {
      loading ??= Promise.resolve(definition.load());
      return loading;
    };

    class StockbellElement extends HTMLElement {
      static observedAttributes = observed;
      readonly #root = this.attachShadow({ mode: 'open' });
      #styled = false;

      connectedCallback() {
        // The base sheet at once: its :host rules hold the element's place while its code loads.
        if (adopt && !this.#styled) this.#root.adoptedStyleSheets = [sheetFor(baseCss)];
        void this.#render();
      }
      attributeChangedCallback() {
        if (this.isConnected) void this.#render();
      }
      disconnectedCallback() {
        render(null, this.#root);
      }

      async #render() {
        let module: WidgetModule;
        try {
          module = await load();
        } catch (error) {
          loading = null;
          console.error(`${tag}: could not load its code`, error);
          return;
        }
        if (!this.isConnected) return;
        const props: Record<string, string> = {};
        for (const name of observed) {
          const value = this.getAttribute(name);
          if (value !== null) props[camelCase(name)] = value;
        }
        // Browsers hide a nonce attribute from the DOM once a CSP applies; the property keeps it.
        const nonce = this.nonce || props.nonce || undefined;
        if (adopt && !this.#styled) {
          this.#root.adoptedStyleSheets = [sheetFor(baseCss), sheetFor(module.styles)];
          this.#styled = true;
        }
        const widget = h(module.Widget, props);
        render(adopt ? widget : h(Fragment, null, h('style', { nonce }, baseCss + module.styles), widget), this.#root);
      }
    }
    customElements.define(tag, StockbellElement);
  }
}
