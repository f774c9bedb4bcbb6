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

/**
 * An item left a list (deleted, read, unsubscribed) and took the focused control with it: once the
 * list has re-rendered, focus the control matching `selector` in the item that took its place, else
 * in the one before it, else `fallback()` (the list's empty state), so the user keeps their place.
 */
export function focusInPlaceOf(
  root: ParentNode | null | undefined,
  selector: string,
  index: number,
  fallback: () => HTMLElement | null | undefined,
): void {
  afterRender(() => {
    const controls = root?.querySelectorAll<HTMLElement>(selector);
    const next = controls?.[Math.min(index, controls.length - 1)];
    (next ?? fallback())?.focus();
  });
}
