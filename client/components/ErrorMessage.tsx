import { ApiError } from '../api.ts';
import { useWidget } from '../context.ts';
import type { MessageId } from '../messages/index.ts';

export interface Props {
  error: Error | null;
  /** A message with a `{message}` parameter, e.g. `common.loadError`. */
  template: MessageId;
  onRetry?: () => void;
}

/**
 * A failure said out loud (role=alert), with the server's own message and an optional retry. Over
 * a rate limit it says how long to wait rather than that something failed.
 */
export function ErrorMessage({ error, template, onRetry }: Props) {
  const { i18n } = useWidget();
  if (!error) return null;
  if (error instanceof ApiError && error.status === 429) {
    return (
      <div class="sb-error" role="status">
        <span>{i18n.t('common.rateLimited', { seconds: error.retryAfter ?? 60 })}</span>
      </div>
    );
  }
  const message = error instanceof ApiError && error.status === 0 ? i18n.t('common.networkError') : error.message;
  return (
    <div class="sb-error" role="alert">
      <span>{i18n.t(template, { message })}</span>
      {onRetry && (
        <button type="button" class="sb-link-button" onClick={onRetry}>
          {i18n.t('common.retry')}
        </button>
      )}
    </div>
  );
}
