import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { afterRender } from '../dom.ts';
import type { EndpointField, EndpointsModel } from '../models/endpoints.ts';
import type { EndpointChannel } from '../types.ts';
import { channelLabel } from '../settings-format.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface Props {
  model: EndpointsModel;
  /** The channels an endpoint may be for (slack, discord, teams, webhook). */
  channels: readonly EndpointChannel[];
  /** Offer an unsigned webhook (personal endpoints; shared ones are always signed). */
  signable?: boolean;
}

/**
 * Add an endpoint: channel, name (optional) and URL. The server's 400 message is shown next to the
 * field it names (`aria-invalid`, described by it); a new webhook's signing secret is shown once.
 */
export function EndpointForm({ model, channels, signable }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const [channel, setChannel] = useState(channels[0] ?? 'webhook');
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

  /** The error of one field, and the attributes that tie it to its input. */
  const field = (which: EndpointField, hint?: string) => {
    const error = failure?.field === which ? failure.error.message : null;
    const describedBy = [hint, error ? `${id}-${which}-error` : null].filter(Boolean).join(' ') || undefined;
    return {
      attrs: { id: `${id}-${which}`, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy },
      error: error && (
        <p id={`${id}-${which}-error`} class="sb-field-error" role="alert">
          {error}
        </p>
      ),
    };
  };
  const channelField = field('channel');
  const nameField = field('name', `${id}-name-hint`);
  const urlField = field('url');
  const signedField = field('signed', `${id}-signed-hint`);

  return (
    <>
      <form class="sb-form sb-endpoint-form" noValidate onSubmit={onSubmit}>
        <div class="sb-field">
          <label for={`${id}-channel`}>{i18n.t('endpoints.channel')}</label>
          <select
            class="sb-input"
            {...channelField.attrs}
            value={channel}
            onChange={(event) => setChannel(event.currentTarget.value as EndpointChannel)}
          >
            {channels.map((c) => (
              <option key={c} value={c}>
                {channelLabel(i18n, c)}
              </option>
            ))}
          </select>
          {channelField.error}
        </div>
        <div class="sb-field">
          <label for={`${id}-name`}>{i18n.t('endpoints.name')}</label>
          <input
            class="sb-input"
            type="text"
            maxLength={100}
            autoComplete="off"
            {...nameField.attrs}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <p id={`${id}-name-hint`} class="sb-hint">
            {i18n.t('endpoints.nameHint')}
          </p>
          {nameField.error}
        </div>
        <div class="sb-field sb-field-wide">
          <label for={`${id}-url`}>{i18n.t('endpoints.url')}</label>
          <input
            class="sb-input"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            required
            ref={urlRef}
            {...urlField.attrs}
            value={url}
            onInput={(event) => setUrl(event.currentTarget.value)}
          />
          {urlField.error}
        </div>
        {askSigned && (
          <div class="sb-field sb-field-wide">
            <label class="sb-choice">
              <input
                type="checkbox"
                {...signedField.attrs}
                checked={signed}
                onChange={(event) => setSigned(event.currentTarget.checked)}
              />
              {i18n.t('endpoints.signed')}
            </label>
            <p id={`${id}-signed-hint`} class="sb-hint">
              {i18n.t('endpoints.signedHint')}
            </p>
            {signedField.error}
          </div>
        )}
        <div class="sb-form-actions">
          <button type="submit" class="sb-button sb-button-primary" disabled={adding} aria-busy={adding || undefined}>
            {i18n.t('endpoints.add')}
          </button>
        </div>
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
