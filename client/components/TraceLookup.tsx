import { useId, useState } from 'preact/hooks';
import { useWidget } from '../context.ts';
import type { TraceLookupField, TraceLookupModel } from '../models/trace-lookup.ts';
import type { TraceTargetKind } from '../types.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Field } from './Field.tsx';
import { SubmitButton } from './SubmitButton.tsx';
import { TraceView } from './TraceView.tsx';

export interface Props {
  model: TraceLookupModel;
}

const KINDS: readonly TraceTargetKind[] = ['part', 'category', 'build'];

/**
 * "Why didn't they get it?": an administrator names a user (the inventory's user id) and a part,
 * category or build order; the answer is the same trace the user sees for themselves, below the
 * form. The server's 400 is shown under the field it names.
 */
export function TraceLookup({ model }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  const [user, setUser] = useState('');
  const [kind, setKind] = useState<TraceTargetKind>('part');
  const [target, setTarget] = useState('');
  const failure = model.error.value;
  const trace = model.trace.value;
  const errorOf = (field: TraceLookupField) => (failure?.field === field ? failure.error.message : null);

  return (
    <>
      <form
        class="sb-form sb-trace-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void model.explain({ user: user.trim(), kind, id: target.trim() });
        }}
      >
        <Field id={`${id}-user`} label={i18n.t('admin.traceUser')} hint={i18n.t('admin.traceUserHint')} error={errorOf('user')}>
          {(attrs) => (
            <input class="sb-input" type="text" autoComplete="off" spellcheck={false} required {...attrs} value={user} onInput={(e) => setUser(e.currentTarget.value)} />
          )}
        </Field>
        <Field id={`${id}-kind`} label={i18n.t('admin.traceKind')} error={errorOf('kind')}>
          {(attrs) => (
            <select class="sb-input" {...attrs} value={kind} onChange={(e) => setKind(e.currentTarget.value as TraceTargetKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {i18n.t(`admin.traceKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-id`} label={i18n.t('admin.traceId')} error={errorOf('id')}>
          {(attrs) => (
            <input class="sb-input" type="text" autoComplete="off" spellcheck={false} required {...attrs} value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
          )}
        </Field>
        <SubmitButton busy={model.loading.value}>{i18n.t('admin.traceAsk')}</SubmitButton>
      </form>
      {failure && !failure.field && <ErrorMessage error={failure.error} template="admin.traceError" />}
      <section aria-live="polite" aria-label={i18n.t('admin.traceAnswer')}>
        {trace && <TraceView trace={trace} />}
      </section>
    </>
  );
}
