import { useId } from 'preact/hooks';
import { useWidget } from '../context.ts';
import { channelLabel } from '../settings-format.ts';
import type { KindInfo } from '../types.ts';
import { type CellView, MatrixCell } from './MatrixCell.tsx';

export interface Props {
  caption: string;
  /** Rows. */
  kinds: readonly KindInfo[];
  /** Columns, `inbox` first (always on). */
  channels: readonly string[];
  cell: (kind: string, channel: string) => CellView;
  /** Kinds tagged “urgent” in their row header (they bypass quiet hours). */
  urgent?: readonly string[];
  onChange: (kind: string, channel: string, enabled: boolean) => void;
  onReset?: (kind: string, channel: string) => void;
  /** What the marks and Reset mean, under the table. */
  legend?: string;
}

/**
 * The kinds × channels matrix as a real table: a caption, a column header per channel, a row
 * header per kind, one checkbox per cell named "Email for Low stock". The inbox column is always on.
 * An urgent kind's header carries a small tag, spoken as "Urgent: sent even during quiet hours".
 */
export function MatrixTable({ caption, kinds, channels, cell, urgent, onChange, onReset, legend }: Props) {
  const { i18n } = useWidget();
  const id = useId();
  return (
    <div class="sb-matrix-wrap">
      <div class="sb-scroll">
        <table class="sb-table sb-matrix">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{i18n.t('matrix.kind')}</th>
              {channels.map((channel) => (
                <th key={channel} scope="col">
                  {channelLabel(i18n, channel)}
                  {channel === 'inbox' && <span class="sb-th-note">{i18n.t('matrix.alwaysOn')}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => (
              <tr key={kind.id}>
                <th scope="row">
                  {kind.label}
                  {urgent?.includes(kind.id) && (
                    <span class="sb-tag" title={i18n.t('matrix.urgentNamed')}>
                      <span aria-hidden="true">{i18n.t('matrix.urgent')}</span>
                      <span class="sb-visually-hidden"> {i18n.t('matrix.urgentNamed')}</span>
                    </span>
                  )}
                </th>
                {channels.map((channel) => (
                  <MatrixCell
                    key={channel}
                    label={i18n.t('matrix.cell', { channel: channelLabel(i18n, channel), kind: kind.label })}
                    view={cell(kind.id, channel)}
                    fixed={channel === 'inbox'}
                    describedBy={`${id}-inbox`}
                    onChange={(enabled) => onChange(kind.id, channel, enabled)}
                    onReset={onReset ? () => onReset(kind.id, channel) : undefined}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p id={`${id}-inbox`} class="sb-footnote">
        {i18n.t('matrix.inboxNote')}
      </p>
      {legend && <p class="sb-footnote">{legend}</p>}
    </div>
  );
}
