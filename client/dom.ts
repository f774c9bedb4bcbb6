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

/**
 * True when focus is inside `el` on something that can still take keys: not lost to the page body
 * with a removed row, and not left on a button that has just become disabled.
 */
export function hasUsableFocusWithin(el: Node | null | undefined): boolean {
  if (!el || !hasFocusWithin(el)) return false;
  const active = activeElementOf(el) as (Element & { disabled?: boolean }) | null;
  return !active?.disabled;
}

/** Run after Preact has applied pending signal updates to the DOM. */
export function afterRender(fn: () => void): void {
  setTimeout(fn, 0);
}
