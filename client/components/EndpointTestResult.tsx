import { useWidget } from '../context.ts';
import type { EndpointTest } from '../models/endpoints.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface Props {
  test: EndpointTest;
}

/** What "Send test" found: sending, delivered, or the endpoint's error (an alert). */
export function EndpointTestResult({ test }: Props) {
  const { i18n } = useWidget();
  if (test.pending) return <span class="sb-muted">{i18n.t('endpoints.testing')}</span>;
  if (test.error) return <ErrorMessage error={test.error} template="endpoints.testFailed" />;
  if (!test.result) return null;
  if (test.result.ok) return <span class="sb-ok">{i18n.t('endpoints.testOk')}</span>;
  return (
    <span class="sb-field-error" role="alert">
      {i18n.t('endpoints.testFailed', { message: test.result.error ?? '' })}
    </span>
  );
}
