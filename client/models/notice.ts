/**
 * What the settings and admin widgets say in their polite status region after a change. The model
 * says what happened; the component words it from the messages module.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { CellSource } from '../types.ts';

export type NoticeBody =
  /** A matrix cell changed: `source` null when it is set at the level being edited. */
  | { type: 'cell'; kind: string; channel: string; enabled: boolean; source: CellSource | null }
  | { type: 'email' }
  | { type: 'quiet' }
  | { type: 'saved' }
  | { type: 'endpoint-added' | 'endpoint-removed'; name: string }
  | { type: 'test'; name: string; ok: true }
  | { type: 'role-cleared'; role: string }
  | { type: 'retried'; id: string }
  | { type: 'retriedAll'; count: number };

/** `seq` changes with every notice, so the same words are spoken again. */
export type Notice = NoticeBody & { seq: number };

export interface Notices {
  readonly notice: ReadonlySignal<Notice | null>;
  announce(body: NoticeBody): void;
}

export function createNotices(): Notices {
  const notice = signal<Notice | null>(null);
  let seq = 0;
  return {
    notice,
    announce(body) {
      seq += 1;
      notice.value = { ...body, seq };
    },
  };
}
