import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { Heading } from '../settings-format.ts';

export interface Props {
  /** The heading element, at the level the page asked for. */
  heading: Heading;
  title: string;
  children: ComponentChildren;
}

/** A titled part of the settings and admin pages: a section named by its own heading. */
export function Section({ heading: H, title, children }: Props) {
  const id = `${useId()}-title`;
  return (
    <section class="sb-group" aria-labelledby={id}>
      <H id={id} class="sb-heading">
        {title}
      </H>
      {children}
    </section>
  );
}
