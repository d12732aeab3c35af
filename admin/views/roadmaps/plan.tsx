import { canWrite } from '../../../core/admins/access.js';
import type { RoadMap } from '../../../core/roadmaps/plans.js';
import { executionMark, progressBy, type ReportRow, type ReportWhen, type ReportWindow } from '../../../core/roadmaps/report.js';
import { CsrfField, page, type PanelContext } from '../../kit.js';
import { periodText, ProgressChart, ProgressTable, RoadMapSourceFields } from './parts.js';

/** What a plan's page shows: the plan, the day or quarter asked for, and its rows' execution then. */
export interface PlanPageData {
  plan: RoadMap;
  zone: string;
  when: ReportWhen;
  window: ReportWindow;
  rows: ReportRow[];
}

/** A plan's page: its rows' execution, the progress charts, re-import and the report. */
export function planPage(c: PanelContext, data: PlanPageData, errors?: Record<string, string>, status?: 400) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const { plan, zone, when, window, rows } = data;
  const id = plan.id;
  const bySection = progressBy(rows, (i) => [i.section ?? t('roadmap-no-section')], window.at);
  const byExecutor = progressBy(rows, (i) => (i.responsible.length ? i.responsible : [t('roadmap-no-executor')]), window.at);
  const query = 'date' in when ? `date=${when.date}` : `quarter=${when.quarter}`;
  const done =
    c.req.query('done') === 'roadmap-drafts'
      ? t('roadmap-drafts-made', {
          events: Number(c.req.query('events') ?? 0),
          tasks: Number(c.req.query('tasks') ?? 0),
          kept: Number(c.req.query('kept') ?? 0),
        })
      : undefined;
  return page(
    c,
    { title: plan.title, section: '/roadmaps', status, ...(done ? { flash: { text: done } } : {}) },
    <>
      <h1>{plan.title}</h1>
      <p>
        {t('roadmap-col-period')}: {periodText(plan)} · {plan.sourceName} · {t(`roadmap-stage-${plan.stage}`)} ·{' '}
        <a href={`/roadmaps/${id}/review`}>{t('roadmap-to-review')}</a>
      </p>
      <form method="get" class="filters card" data-form="roadmap-when">
        <label>
          {t('roadmap-as-of')}
          <input type="date" name="date" value={'date' in when ? when.date : ''} />
        </label>
        <label>
          {t('roadmap-quarter')}
          <input name="quarter" placeholder="2024-Q1" value={'quarter' in when ? when.quarter : ''} />
        </label>
        <button type="submit">{t('roadmap-show')}</button>
        <span>
          {t('roadmap-report')}: <a href={`/roadmaps/${id}/report.xlsx?${query}`}>XLSX</a> · <a href={`/roadmaps/${id}/report.docx?${query}`}>DOCX</a>
        </span>
      </form>
      <h2>{t('roadmap-by-section')}</h2>
      <ProgressChart t={t} rows={bySection} name="sections" />
      <ProgressTable t={t} rows={bySection} head={t('roadmap-section')} />
      <h2>{t('roadmap-by-executor')}</h2>
      <ProgressChart t={t} rows={byExecutor} name="executors" />
      <ProgressTable t={t} rows={byExecutor} head={t('roadmap-col-responsible')} />
      <h2>{t('roadmap-items')}</h2>
      <div class="table-wrap">
        <table data-items>
          <thead>
            <tr>
              <th>№</th>
              <th>{t('roadmap-col-text')}</th>
              <th>{t('roadmap-col-due')}</th>
              <th>{t('roadmap-col-responsible')}</th>
              <th>{t('roadmap-col-mark')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ item, state }) => (
              <tr data-item={item.id} data-status={state.status}>
                <td>{item.number ?? ''}</td>
                <td>
                  <a href={`/roadmaps/items/${item.id}`}>{item.text.length > 160 ? `${item.text.slice(0, 159)}…` : item.text}</a>
                  {item.dateToConfirm ? <div class="doubts">{t('roadmap-date-to-confirm')}</div> : null}
                </td>
                <td>{item.dateText}</td>
                <td>{item.responsible.join(', ')}</td>
                <td class={`rm-${state.status}`}>{executionMark(core, state, zone, c.get('locale'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite(actor) ? (
        <form method="post" action={`/roadmaps/${id}/reimport`} enctype="multipart/form-data" class="card" data-form="roadmap-reimport">
          <CsrfField c={c} />
          <h2>{t('roadmap-reimport-title')}</h2>
          <p class="muted">{t('roadmap-reimport-help')}</p>
          <RoadMapSourceFields t={t} errors={errors} rows={4} />
          <button type="submit">{t('roadmap-reimport-button')}</button>
        </form>
      ) : null}
    </>,
  );
}
