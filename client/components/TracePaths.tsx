import { useWidget } from '../context.ts';
import { safeHref } from '../format.ts';
import type { TraceCheck } from '../types.ts';

export interface Props {
  audience: Extract<TraceCheck, { step: 'audience' }>;
}

/**
 * Who is told, shown: each watched path nearest first (the part, its templates, its categories)
 * with the user's rule on every link and the one that decides; for a build, its responsible.
 */
export function TracePaths({ audience }: Props) {
  const { i18n } = useWidget();
  const responsible = audience.responsible;
  return (
    <div class="sb-trace-paths">
      {audience.paths.map((path) => {
        const href = safeHref(path.of.url, location.href);
        const name = href ? <a href={href}>{path.of.name}</a> : path.of.name;
        return (
          <div key={`${path.of.role}:${path.of.id}`} class="sb-trace-path">
            <p>{i18n.rich(`why.path.${path.of.role}`, { name })}</p>
            {path.links.length === 0 ? (
              <p class="sb-muted">{i18n.t('why.path.empty')}</p>
            ) : (
              <ol>
                {path.links.map((link) => (
                  <li key={`${link.kind}:${link.id}`} data-rule={link.rule} data-decides={link.decides ? '' : undefined}>
                    <span class="sb-trace-link">{link.name}</span> <span class="sb-muted">({i18n.t(`why.role.${link.role}`)})</span>
                    {': '}
                    {i18n.t(`why.rule.${link.rule}`)}
                    {link.decides && <strong class="sb-trace-decides"> — {i18n.t('why.decides')}</strong>}
                  </li>
                ))}
              </ol>
            )}
          </div>
        );
      })}
      {responsible && (
        <p>
          {responsible.user
            ? i18n.t('why.responsible.user')
            : responsible.role !== null
              ? i18n.t('why.responsible.role', { role: responsible.role })
              : i18n.t('why.responsible.none')}
        </p>
      )}
    </div>
  );
}
