import { raw } from 'hono/html';
import type { Matrix, MunicipalityRate, ShownStatus } from '../../../core/tasks/reports.js';
import { escapeAttribute } from '../../../core/text/html.js';
import { formatDateTime, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';

export const shownStatuses = ['pending', 'overdue', 'problem', 'returned', 'confirmed', 'verified'] as const;
/** One letter per status in the matrix's 30,000 cells (a megabyte less than the long names); colours in the stylesheet. */
const cellClass: Record<ShownStatus, string> = { pending: 'p', overdue: 'o', problem: 'x', returned: 'r', confirmed: 'c', verified: 'v' };

/** The completion matrix: rates by municipality, a legend, and one coloured cell per school and task. */
export function TasksMatrix(props: {
  c: PanelContext;
  matrix: Matrix;
  rates: MunicipalityRate[];
  municipalities: { id: number; name: string }[];
  municipality: number | undefined;
  zone: string;
}) {
  const { c, matrix, rates, municipalities, municipality, zone } = props;
  const t = c.get('t');
  const query = municipality ? `?municipality=${municipality}` : '';
  return (
    <>
      <h1>{t('tasks-matrix-title')}</h1>
      <form class="filters" method="get" action="/tasks/matrix">
        <Select label={t('field-municipality')} name="municipality" value={municipality} options={municipalities.map((m) => [m.id, m.name])} empty={t('any')} />
        <button type="submit">{t('filter-apply')}</button>
        <a href={`/tasks/matrix.csv${query}`}>CSV</a> · <a href={`/tasks/matrix.xlsx${query}`}>XLSX</a>
      </form>
      <h2>{t('tasks-rates-title')}</h2>
      <RatesChart rates={rates} t={t} />
      <p class="legend">
        {shownStatuses.map((s) => (
          <span class={`cell st-${s}`}>{t(`task-cell-${s}`)}</span>
        ))}
      </p>
      {matrix.schools.length === 0 ? (
        <p class="muted">{t('tasks-matrix-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          {raw(matrixTable(matrix, zone, t))}
        </div>
      )}
    </>
  );
}

/** The table as one string: 30,000 cells through JSX cost more than the queries behind them. */
function matrixTable(matrix: Matrix, zone: string, t: PanelContext['var']['t']): string {
  const cellHtml = Object.fromEntries(shownStatuses.map((s) => [s, `<td class="${cellClass[s]}"></td>`])) as Record<ShownStatus, string>;
  const out: string[] = ['<table class="matrix"><thead><tr><th>', escapeAttribute(t('tasks-col-school')), '</th>'];
  for (const task of matrix.tasks)
    out.push(
      `<th><a href="/tasks/${task.id}" title="${escapeAttribute(task.title)}">${escapeAttribute(task.title.slice(0, 30))}</a><br><span class="muted">${escapeAttribute(formatDateTime(task.dueAt, zone).slice(0, 10))}</span></th>`,
    );
  out.push('</tr></thead><tbody>');
  for (const s of matrix.schools) {
    out.push(
      `<tr data-school="${s.id}"><th><a href="/schools/${s.id}">${escapeAttribute(s.name)}</a><br><span class="muted">${escapeAttribute(s.municipality)}</span></th>`,
    );
    // Bare cells keep 30,000 of them small; the legend and the column heads say what the colours mean.
    for (const status of s.statuses) out.push(status ? cellHtml[status] : '<td></td>');
    out.push('</tr>');
  }
  out.push('</tbody></table>');
  return out.join('');
}

/** Completion by municipality as horizontal bars, drawn on the server as inline SVG. */
function RatesChart(props: { rates: MunicipalityRate[]; t: PanelContext['var']['t'] }) {
  const { rates, t } = props;
  if (rates.length === 0) return <p class="muted">{t('tasks-rates-empty')}</p>;
  const rowH = 26;
  const labelW = 260;
  const barW = 300;
  return (
    <svg
      role="img"
      aria-label={t('tasks-rates-title')}
      class="chart"
      width="100%"
      viewBox={`0 0 ${labelW + barW + 80} ${rates.length * rowH + 4}`}
      data-chart="rates"
    >
      {rates.map((r, i) => {
        const share = r.total ? r.done / r.total : 0;
        const y = i * rowH + 2;
        return (
          <g data-municipality={String(r.municipalityId)} data-rate={share.toFixed(2)}>
            <text x={labelW - 8} y={y + 17} text-anchor="end" font-size="13">
              {r.name.length > 34 ? `${r.name.slice(0, 33)}…` : r.name}
            </text>
            <rect x={labelW} y={y + 4} width={barW} height={rowH - 8} fill="#eef1f4" />
            <rect x={labelW} y={y + 4} width={Math.round(barW * share)} height={rowH - 8} fill="#2e8540" />
            <text x={labelW + barW + 6} y={y + 17} font-size="13">{`${Math.round(share * 100)}% (${r.done}/${r.total})`}</text>
          </g>
        );
      })}
    </svg>
  );
}
