import { canWrite } from '../../../core/admins/access.js';
import type { WeeklyDigestSettings } from '../../../core/tasks/digests.js';
import type { Task } from '../../../core/tasks/tasks.js';
import { CsrfField, formatDateTime, type PanelContext } from '../../kit.js';
import { Select } from '../components.js';

/** The tasks list with its search, and the weekly digest's settings (null where the admin may not change them). */
export function TasksList(props: {
  c: PanelContext;
  q: string;
  rows: (Task & { open: number; total: number })[];
  zone: string;
  digest: WeeklyDigestSettings | null;
}) {
  const { c, q, rows, zone } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  return (
    <>
      <h1>{t('tasks-title')}</h1>
      <p>
        {canWrite(actor) ? (
          <>
            <a href="/tasks/new">{t('tasks-new')}</a>
            {' · '}
          </>
        ) : null}
        <a href="/tasks/matrix">{t('tasks-matrix-link')}</a>
      </p>
      <form class="filters" method="get" action="/tasks" role="search">
        <label>
          {t('title-search')}
          <input type="search" name="q" value={q} maxlength={100} />
        </label>
        <button type="submit">{t('filter-apply')}</button>
        <a href="/tasks">{t('filter-reset')}</a>
      </form>
      {rows.length === 0 ? (
        <p class="muted">{t('tasks-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('tasks-col-title')}</th>
                <th>{t('tasks-col-due')}</th>
                <th>{t('tasks-col-status')}</th>
                <th>{t('tasks-col-open')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((task) => (
                <tr data-task={String(task.id)}>
                  <td>
                    <a href={`/tasks/${task.id}`}>{task.title}</a>
                  </td>
                  <td>{formatDateTime(task.dueAt, zone)}</td>
                  <td>{t(`task-state-${task.status}`)}</td>
                  <td>{task.total ? `${task.open} / ${task.total}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.digest ? <DigestSettings c={c} settings={props.digest} /> : null}
    </>
  );
}

/** The weekly digest's day and hour (owners and editors). */
function DigestSettings(props: { c: PanelContext; settings: WeeklyDigestSettings }) {
  const { c } = props;
  const t = c.get('t');
  const { settings } = props;
  return (
    <form method="post" action="/tasks/digest-settings" class="card">
      <CsrfField c={c} />
      <h2>{t('tasks-digest-title')}</h2>
      <Select
        label={t('tasks-digest-weekday')}
        name="weekday"
        value={settings.weekday}
        options={[1, 2, 3, 4, 5, 6, 7].map((d) => [d, t(`tasks-weekday-${d}`)])}
      />
      <Select
        label={t('tasks-digest-hour')}
        name="hour"
        value={settings.hour}
        options={Array.from({ length: 24 }, (_, h) => [h, `${String(h).padStart(2, '0')}:00`])}
      />
      <button type="submit">{t('save')}</button>
    </form>
  );
}
