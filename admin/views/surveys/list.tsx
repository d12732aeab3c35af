import { canWrite } from '../../../core/admins/access.js';
import type { Survey } from '../../../core/surveys/surveys.js';
import { formatDateTime, type PanelContext } from '../../kit.js';

/** The surveys list with its search. */
export function SurveysList(props: { c: PanelContext; q: string; rows: { survey: Survey; questions: number; done: number }[]; zone: string }) {
  const { c, q, rows, zone } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  return (
    <>
      <h1>{t('surveys-title')}</h1>
      {canWrite(actor) ? (
        <p>
          <a href="/surveys/new">{t('surveys-new')}</a>
        </p>
      ) : null}
      <form class="filters" method="get" action="/surveys" role="search">
        <label>
          {t('title-search')}
          <input type="search" name="q" value={q} maxlength={100} />
        </label>
        <button type="submit">{t('filter-apply')}</button>
        <a href="/surveys">{t('filter-reset')}</a>
      </form>
      {rows.length === 0 ? (
        <p class="muted">{t('surveys-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('surveys-col-title')}</th>
                <th>{t('surveys-col-closes')}</th>
                <th>{t('surveys-col-status')}</th>
                <th>{t('surveys-col-done')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ survey, questions, done }) => (
                <tr data-survey={String(survey.id)}>
                  <td>
                    <a href={`/surveys/${survey.id}`}>{survey.title}</a> <span class="muted">({t('surveys-questions-count', { count: questions })})</span>
                  </td>
                  <td>{formatDateTime(survey.closesAt, zone)}</td>
                  <td>{t(`survey-status-${survey.status}`)}</td>
                  <td>
                    <a href={`/surveys/${survey.id}/results`}>{done}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
