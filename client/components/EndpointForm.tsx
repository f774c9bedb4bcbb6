import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { EndpointChannel } from '../types.ts';
import { useWidget } from '../context.ts';
import { afterRender } from '../dom.ts';
import type { EndpointField, EndpointsModel } from '../models/endpoints.ts';
import { channelLabel } from '../settings-format.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Field } from './Field.tsx';
import { SubmitButton } from './SubmitButton.tsx';

export interface Props {
  model: EndpointsModel;
  /** The channels an endpoint may be for (slack, discord, teams, webhook). */
  channels: readonly EndpointChannel[];
  /** Offer an unsigned webhook (personal endpoints; shared ones are always signed). */
  signable?: boolean;
  /** Asked for from elsewhere on the page ("Add a Slack endpoint"): pick that channel and focus the URL. */
  addFor?: { channel: Props['channels'][number] } | null;
}

/**
 * Add an endpoint: channel, name (optional) and URL. The server's 400 message is shown next to the
 * field it names (`aria-invalid`, described by it); a new webhook's signing secret is shown once.
 */
export function EndpointForm({ model, channels, signable, addFor }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const [channel, setChannel] = useState<EndpointChannel>(channels[0] ?? 'webhook');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [signed, setSigned] = useState(true);
  const askSigned = signable && channel === 'webhook';
  const secretRef = useRef<HTMLDivElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const failure = model.addError.value;
  const secret = model.secret.value;
  const adding = model.adding.value;

  useEffect(() => {
    if (secret) secretRef.current?.focus();
  }, [secret]);

  useEffect(() => {
    if (!addFor) return;
    setChannel(addFor.channel);
    urlRef.current?.focus();
  }, [addFor]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const trimmed = name.trim();
    const ok = await model.add({
      channel,
      url: url.trim(),
      ...(trimmed ? { name: trimmed } : {}),
      ...(askSigned && !signed ? { signed: false } : {}),
    });
    if (ok) {
      setName('');
      setUrl('');
      setSigned(true);
    }
  };

  /** The server's message when its 400 named this field. */
  const errorOf = (which: EndpointField) => (failure?.field === which ? failure.error.message : null);

  return (
    <>
      <form class="sb-form sb-endpoint-form" noValidate onSubmit={onSubmit}>
        <Field id={`${id}-channel`} label={i18n.t('endpoints.channel')} error={errorOf('channel')}>
          {(attrs) => (
            <select class="sb-input" {...attrs} value={channel} onChange={(e) => setChannel(e.currentTarget.value as EndpointChannel)}>
              {channels.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(i18n, c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-name`} label={i18n.t('endpoints.name')} hint={i18n.t('endpoints.nameHint')} error={errorOf('name')}>
          {(attrs) => (
            <input
              class="sb-input"
              type="text"
              maxLength={100}
              autoComplete="off"
              {...attrs}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id={`${id}-url`} label={i18n.t('endpoints.url')} error={errorOf('url')} wide>
          {(attrs) => (
            <input
              class="sb-input"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellcheck={false}
              required
              ref={urlRef}
              {...attrs}
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          )}
        </Field>
        {askSigned && (
          <Field
            id={`${id}-signed`}
            label={i18n.t('endpoints.signed')}
            hint={i18n.t('endpoints.signedHint')}
            error={errorOf('signed')}
            wide
            choice
          >
            {(attrs) => (
              <input type="checkbox" {...attrs} checked={signed} onChange={(e) => setSigned(e.currentTarget.checked)} />
            )}
          </Field>
        )}
        <SubmitButton busy={adding}>{i18n.t('endpoints.add')}</SubmitButton>
      </form>
      {failure && !failure.field && <ErrorMessage error={failure.error} template="endpoints.addError" />}
      {secret && (
        <div class="sb-secret" ref={secretRef} tabIndex={-1}>
          <p>{i18n.t('endpoints.secret', { name: secret.name })}</p>
          <code class="sb-url">{secret.secret}</code>
          <button
            type="button"
            class="sb-button"
            onClick={() => {
              model.dismissSecret();
              // The box goes away: back to the form, ready for another endpoint.
              afterRender(() => urlRef.current?.focus());
            }}
          >
            {i18n.t('endpoints.dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
