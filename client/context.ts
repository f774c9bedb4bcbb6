/**
 * What every component of one widget shares: the translator and a clock for relative times.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createTranslator, type Translator } from './messages/index.ts';

export interface WidgetContextValue {
  i18n: Translator;
  /** Milliseconds since the epoch, ticking while the widget is mounted. */
  now: ReadonlySignal<number>;
}

export const WidgetContext = createContext<WidgetContextValue>({
  i18n: createTranslator('en'),
  now: signal(Date.now()),
});

export const useWidget = (): WidgetContextValue => useContext(WidgetContext);

/** Fire a DOM event that leaves the shadow root and bubbles through the host page. */
export function emit<T>(from: EventTarget | null | undefined, type: string, detail: T, cancelable = false): boolean {
  if (!from) return true;
  return from.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable }));
}
