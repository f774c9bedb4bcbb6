import { useRef } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { focusInPlaceOf } from '../dom.ts';
import type { EndpointsModel } from '../models/endpoints.ts';
import { channelLabel } from '../settings-format.ts';
import { EndpointTestResult } from './EndpointTestResult.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface Props {
  model: EndpointsModel;
}

/**
 * Chat and webhook endpoints: name, channel and masked URL, "Send test" with its result beside the
 * endpoint, and "Remove" (focus moves to the next endpoint's Remove, or the list).
 */
export function EndpointList({ model }: Props) {
  const { i18n } = useWidget();
  const rootRef = useRef<HTMLDivElement>(null);
  const items = model.items.value;
  const tests = model.tests.value;
  const removing = model.removing.value;

  const remove = async (id: string, index: number) => {
    if (!(await model.remove(id))) return;
    focusInPlaceOf(rootRef.current, 'button[data-remove]', index, () => rootRef.current);
  };

  return (
    <div class="sb-endpoints" ref={rootRef} tabIndex={-1}>
      <ErrorMessage error={model.removeError.value} template="endpoints.removeError" />
      {items.length === 0 ? (
        <p class="sb-footnote">{i18n.t('endpoints.empty')}</p>
      ) : (
        <ul class="sb-list">
          {items.map((endpoint, index) => {
            const test = tests[endpoint.id];
            const busy = removing.has(endpoint.id);
            return (
              <li key={endpoint.id} class="sb-sub-row sb-endpoint">
                <div class="sb-row-main">
                  <span class="sb-endpoint-name">{endpoint.name}</span>
                  <span class="sb-endpoint-meta">
                    <span>{channelLabel(i18n, endpoint.channel)}</span>
                    <code class="sb-url">{endpoint.url}</code>
                  </span>
                  {test && <EndpointTestResult test={test} />}
                </div>
                <span class="sb-endpoint-actions">
                  <button
                    type="button"
                    class="sb-button"
                    aria-label={i18n.t('endpoints.testNamed', { name: endpoint.name })}
                    aria-busy={test?.pending || undefined}
                    disabled={test?.pending}
                    onClick={() => void model.test(endpoint.id)}
                  >
                    {i18n.t('endpoints.test')}
                  </button>
                  <button
                    type="button"
                    class="sb-button sb-button-danger"
                    data-remove=""
                    aria-label={i18n.t('endpoints.removeNamed', { name: endpoint.name })}
                    disabled={busy}
                    onClick={() => void remove(endpoint.id, index)}
                  >
                    {i18n.t('endpoints.remove')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
