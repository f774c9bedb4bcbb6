import { useWidget } from '../context.ts';
import type { MessageId } from '../messages/index.ts';
import type { ViewError } from '../models/saved-view.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface Props {
  error: ViewError | null;
  /** Nothing to show yet, and a read is on its way. */
  loading: boolean;
  /** The messages for a failed read and a failed save, each with a `{message}` parameter. */
  loadError: MessageId;
  saveError: MessageId;
  onRetry: () => void;
}

/** The top of the settings and admin pages: why reading or saving failed (a read can be tried again), or "Loading…". */
export function ViewStatus({ error, loading, loadError, saveError, onRetry }: Props) {
  const { i18n } = useWidget();
  return (
    <>
      <ErrorMessage error={error?.action === 'load' ? error.error : null} template={loadError} onRetry={onRetry} />
      <ErrorMessage error={error?.action === 'save' ? error.error : null} template={saveError} />
      {loading && <p class="sb-empty">{i18n.t('common.loading')}</p>}
    </>
  );
}
