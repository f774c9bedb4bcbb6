/**
 * Focus helpers that work inside shadow roots.
 */

/** The focused element as seen from `el`'s own root (document or shadow root). */
export function activeElementOf(el: Node): Element | null {
  const root = el.getRootNode() as Document | ShadowRoot;
  return root.activeElement ?? null;
}

/** True when focus is on `el` or inside it. */
export function hasFocusWithin(el: Node | null | undefined): boolean {
  if (!el) return false;
  const active = activeElementOf(el);
  return !!active && (active === el || el.contains(active));
}

/** Run after Preact has applied pending signal updates to the DOM. */
export function afterRender(fn: () => void): void {
  setTimeout(fn, 0);
}
