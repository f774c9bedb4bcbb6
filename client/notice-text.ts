/**
 * The words for a settings or admin notice (models/notice.ts), spoken by the polite status region.
 */
import type { Translator } from './messages/index.ts';
import type { Notice } from './models/notice.ts';
import { channelLabel } from './settings-format.ts';

export function noticeText(i18n: Translator, notice: Notice | null, kindLabel: (kind: string) => string): string {
  if (!notice) return '';
  switch (notice.type) {
    case 'cell': {
      const cell = i18n.t('matrix.cell', { channel: channelLabel(i18n, notice.channel), kind: kindLabel(notice.kind) });
      const state = i18n.t(notice.enabled ? 'announce.on' : 'announce.off');
      if (!notice.source || notice.source === 'user') return i18n.t('announce.cell', { cell, state });
      const source = i18n.t(notice.source === 'role' ? 'matrix.mark.role' : 'matrix.mark.global');
      return i18n.t('announce.cellDefault', { cell, source, state });
    }
    case 'email':
      return i18n.t('announce.email');
    case 'quiet':
      return i18n.t('announce.quiet');
    case 'saved':
      return i18n.t('announce.saved');
    case 'endpoint-added':
      return i18n.t('announce.added', { name: notice.name });
    case 'endpoint-removed':
      return i18n.t('announce.removed', { name: notice.name });
    case 'test':
      return i18n.t('announce.testOk', { name: notice.name });
    case 'role-cleared':
      return i18n.t('announce.roleCleared', { role: notice.role });
    case 'retried':
      return i18n.t('announce.retried', { id: notice.id });
    case 'retriedAll':
      return i18n.t('announce.retriedAll', { count: notice.count });
  }
}

/** Looks a kind's label up in a list; an unknown kind keeps its id. */
export const kindLabeller =
  (kinds: readonly { id: string; label: string }[]) =>
  (kind: string): string =>
    kinds.find((k) => k.id === kind)?.label ?? kind;
