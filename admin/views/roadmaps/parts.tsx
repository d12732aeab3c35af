import type { RoadMap, RoadMapItem } from '../../../core/roadmaps/plans.js';
import type { ItemChange } from '../../../core/roadmaps/reimport.js';
import { statusOrder, type Progress } from '../../../core/roadmaps/report.js';
import { FieldError, type PanelContext } from '../../kit.js';
export type T = PanelContext['var']['t'];

export function periodText(plan: Pick<RoadMap, 'periodFrom' | 'periodTo'>): string {
  const d = (s: string) => s.split('-').reverse().join('.');
  return `${d(plan.periodFrom)} – ${d(plan.periodTo)}`;
}

export function dueText(t: T, item: RoadMapItem): string {
  const d = (s: string | null) => (s ? s.split('-').reverse().join('.') : '…');
  const { due } = item;
  const span =
    due.from === null && due.to === null
      ? '—'
      : due.from === null
        ? t('roadmap-due-until', { date: d(due.to) })
        : due.from === due.to
          ? d(due.to)
          : `${d(due.from)} – ${d(due.to)}`;
  const more = due.occurrences.length > 1 ? ` (${due.occurrences.length})` : '';
  return `${span}${more}`;
}

/** A plan comes as a file or as pasted text: the same two fields on the first import and on a re-import. */
export function RoadMapSourceFields(props: { t: T; errors: Record<string, string> | undefined; rows: number }) {
  const { t, errors, rows } = props;
  return (
    <>
      <label>
        {t('roadmap-file')}
        <input type="file" name="file" accept=".txt,.docx,.xlsx,.csv" />
      </label>
      <label>
        {t('roadmap-text')}
        <textarea name="text" rows={rows}></textarea>
      </label>
      <FieldError errors={errors} name="source" />
    </>
  );
}

export function Changes(props: { t: T; changes: ItemChange[] }) {
  const { t } = props;
  if (props.changes.length === 0) return <p class="muted">{t('roadmap-reimport-none')}</p>;
  return (
    <div class="table-wrap">
      <table data-changes>
        <thead>
          <tr>
            <th>№</th>
            <th>{t('roadmap-col-text')}</th>
            <th>{t('roadmap-change')}</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((ch) => (
            <tr data-change={ch.kind}>
              <td>{ch.number ?? ''}</td>
              <td>{ch.text}</td>
              <td>
                <b>{t(`roadmap-change-${ch.kind}`)}</b>
                {Object.entries(ch.fields).map(([field, [before, after]]) => (
                  <div>
                    {t(`roadmap-field-${field}`)}: <s>{before || '—'}</s> → {after || '—'}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const statusColours: Record<string, string> = {
  done: '#2e8540',
  done_late: '#8bc34a',
  in_progress: '#4a90d9',
  not_started: '#c9d3dd',
  overdue: '#b00020',
  postponed: '#f0ad4e',
  cancelled: '#888888',
};

/** Stacked bars, one per group: its rows by status, coloured as in the legend. */
export function ProgressChart(props: { t: T; rows: Progress[]; name: string }) {
  const { t, rows } = props;
  const labelW = 220;
  const barW = 360;
  const rowH = 24;
  // The legend below the bars: four to a line, long Russian labels need the room.
  const height = rows.length * rowH + 46;
  return (
    <svg role="img" aria-label={props.name} width={labelW + barW + 60} height={height} viewBox={`0 0 ${labelW + barW + 60} ${height}`} data-chart={props.name}>
      {rows.map((r, i) => {
        const y = i * rowH;
        let x = labelW;
        return (
          <g>
            <text x={labelW - 6} y={y + rowH / 2 + 4} text-anchor="end" font-size="12">
              {r.name.length > 34 ? `${r.name.slice(0, 33)}…` : r.name}
            </text>
            {statusOrder.map((s) => {
              const w = r.total ? Math.round((barW * r.counts[s]) / r.total) : 0;
              const rect =
                w > 0 ? (
                  <rect x={x} y={y + 4} width={w} height={rowH - 8} fill={statusColours[s]}>
                    <title>{`${t(`roadmap-status-${s}`)}: ${r.counts[s]}`}</title>
                  </rect>
                ) : null;
              x += w;
              return rect;
            })}
            <text x={labelW + barW + 6} y={y + rowH / 2 + 4} font-size="12">
              {r.total}
            </text>
          </g>
        );
      })}
      {statusOrder.map((s, i) => (
        <g>
          <rect x={(i % 4) * 160} y={height - 34 + Math.floor(i / 4) * 16} width={10} height={10} fill={statusColours[s]} />
          <text x={(i % 4) * 160 + 14} y={height - 25 + Math.floor(i / 4) * 16} font-size="11">
            {t(`roadmap-status-${s}`)}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function ProgressTable(props: { t: T; rows: Progress[]; head: string }) {
  const { t } = props;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{props.head}</th>
            <th>{t('roadmap-status-done')}</th>
            <th>{t('roadmap-status-done_late')}</th>
            <th>{t('roadmap-status-overdue')}</th>
            <th>{t('roadmap-coming')}</th>
            <th>{t('roadmap-summary-total')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              <td>{r.counts.done}</td>
              <td>{r.counts.done_late}</td>
              <td>{r.counts.overdue}</td>
              <td>{r.coming}</td>
              <td>{r.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
