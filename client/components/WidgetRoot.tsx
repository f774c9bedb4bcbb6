import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { WidgetContext } from '../context.ts';
import { createTranslator, type Messages } from '../messages/index.ts';

export type Theme = 'light' | 'dark' | 'auto';

export interface Props {
  /** `light` or `dark` force a palette; anything else follows `prefers-color-scheme`. */
  theme?: string | null;
  /** BCP 47; defaults to the page's `lang`, then the browser's language. */
  locale?: string | null;
  /** A lazily loaded widget's own catalogues (language → messages), e.g. the settings widgets'. */
  messages?: Readonly<Record<string, Partial<Messages>>>;
  /** Extra class on the root, e.g. `sb-bell`. */
  class?: string;
  children: ComponentChildren;
}

const CLOCK_TICK_MS = 30_000;

function pageLocale(): string | null {
  if (typeof document === 'undefined') return null;
  return document.documentElement.lang || (typeof navigator !== 'undefined' ? navigator.language : null);
}

/** `light` or `dark`: the theme attribute when it forces one, else the user's colour scheme, live. */
function useColorScheme(theme: string | null | undefined): 'light' | 'dark' {
  const query = useMemo(() => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null), []);
  const [dark, setDark] = useState(() => query?.matches ?? false);
  useEffect(() => {
    const follow = (event: MediaQueryListEvent) => setDark(event.matches);
    query?.addEventListener('change', follow);
    return () => query?.removeEventListener('change', follow);
  }, [query]);
  if (theme === 'light' || theme === 'dark') return theme;
  return dark ? 'dark' : 'light';
}

/** The root of every widget: theme, translator and clock for what it renders. */
export function WidgetRoot({ theme, locale, messages, class: className, children }: Props) {
  const value = useMemo(
    () => ({ i18n: createTranslator(locale || pageLocale(), messages), now: signal(Date.now()) }),
    [locale, messages],
  );
  useEffect(() => {
    const timer = setInterval(() => {
      value.now.value = Date.now();
    }, CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, [value]);
  const scheme = useColorScheme(theme);
  return (
    <WidgetContext.Provider value={value}>
      <div class={className ? `sb ${className}` : 'sb'} data-theme={scheme} lang={value.i18n.locale}>
        {children}
      </div>
    </WidgetContext.Provider>
  );
}
