import { canWrite } from '../../../core/admins/access.js';
import type { AuditEntry } from '../../../core/admins/audit.js';
import { shownStatus } from '../../../core/tasks/reports.js';
import type { Confirmation, Task } from '../../../core/tasks/tasks.js';
import { confirmationStatuses } from '../../../core/vocabulary/tasks.js';
import type { FieldErrors, FormValues } from '../../forms.js';
import { CsrfField, formatDateTime, type PanelContext } from '../../kit.js';
import { History } from '../history.js';
import { TaskForm, type TaskFormData } from './form.js';

export interface TaskPageData extends TaskFormData {
  confirmations: { confirmation: Confirmation; school: string | null; person: string | null }[];
  history: AuditEntry[];
}

/** A manual status change the domain refused: its row shows what was chosen and typed, the message under the reason. */
export interface FailedStatusForm {
  confirmationId: number;
  values: { status: string; reason: string };
  errors: FieldErrors;
}

/** The new-task form, or a task's page: its form, publish and close, the assignees with their statuses and evidence, history. */
export function TaskPage(props: {
  c: PanelContext;
  task: Task | null;
  values: FormValues;
  errors?: FieldErrors;
  data: TaskPageData;
  statusForm?: FailedStatusForm;
}) {
  const { c, task, values, errors, data, statusForm } = props;
  const { zone, confirmations, history } = data;
  const t = c.get('t');
  const actor = c.get('actor');
  const writable = canWrite(actor) && task?.status !== 'closed';
  const title = task ? task.title : t('tasks-new');
  const now = c.get('core').clock.now();
  return (
    <>
      <h1>{title}</h1>
      {task ? (
        <p>
          <span data-status={task.status}>{t(`task-state-${task.status}`)}</span> · <a href="/tasks/matrix">{t('tasks-matrix-link')}</a>
        </p>
      ) : null}
      {task && writable ? (
        <div class="card">
          {task.status === 'draft' ? (
            <form class="inline" method="post" action={`/tasks/${task.id}/publish`} data-confirm={t('confirm-task-publish')}>
              <CsrfField c={c} />
              <button type="submit">{t('task-publish')}</button>
            </form>
          ) : null}{' '}
          {task.status === 'closed' ? null : (
            <form class="inline" method="post" action={`/tasks/${task.id}/close`} data-confirm={t('confirm-task-close')}>
              <CsrfField c={c} />
              <button type="submit" class="danger">
                {t('task-close')}
              </button>
            </form>
          )}
        </div>
      ) : null}
      <TaskForm c={c} task={task} values={values} errors={errors} data={data} writable={writable} />
      {task && task.status !== 'draft' ? (
        <>
          <h2>{t('task-assignees')}</h2>
          <div class="table-wrap" tabindex={0}>
            <table>
              <tbody>
                {confirmations.map(({ confirmation: k, school, person }) => {
                  const shown = shownStatus(k.status, task.dueAt, now);
                  const failed = statusForm?.confirmationId === k.id ? statusForm : undefined;
                  return (
                    <tr data-confirmation={String(k.id)} data-status={shown}>
                      <td>{k.schoolId && task.assignment === 'school' ? <a href={`/schools/${k.schoolId}`}>{school}</a> : (person ?? t('person-erased'))}</td>
                      <td>
                        <span class={`cell st-${shown}`}>{t(`task-cell-${shown}`)}</span>
                      </td>
                      <td>
                        {k.evidenceText ?? ''} {k.problem ? `⚠️ ${k.problem}` : ''} {k.returnReason ? `↩️ ${k.returnReason}` : ''}{' '}
                        {k.evidenceFileId ? (
                          <a href={`/tasks/confirmations/${k.id}/evidence`}>
                            {k.evidenceKind === 'photo' ? (
                              <img src={`/tasks/confirmations/${k.id}/evidence`} alt={t('task-open-evidence-photo')} loading="lazy" width={96} />
                            ) : (
                              t('task-open-evidence-file')
                            )}
                          </a>
                        ) : null}
                      </td>
                      <td class="muted">{formatDateTime(k.confirmedAt, zone)}</td>
                      <td>
                        {canWrite(actor) ? (
                          <form class="inline" method="post" action={`/tasks/confirmations/${k.id}/status`}>
                            <CsrfField c={c} />
                            <select name="status" aria-label={t('task-status-change')}>
                              {confirmationStatuses.map((s) => (
                                <option value={s} selected={s === (failed ? failed.values.status : k.status)}>
                                  {t(`task-cell-${s}`)}
                                </option>
                              ))}
                            </select>{' '}
                            <input
                              name="reason"
                              value={failed ? failed.values.reason : undefined}
                              placeholder={t('task-status-reason')}
                              aria-label={t('task-status-reason')}
                              aria-invalid={failed?.errors.reason ? 'true' : undefined}
                              size={18}
                            />{' '}
                            <button type="submit">{t('task-status-change')}</button>
                            {failed?.errors.reason ? <div class="error">{`${t('task-status-reason')}: ${failed.errors.reason}`}</div> : null}
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {task ? (
        <>
          <h2>{t('person-history')}</h2>
          <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} />
        </>
      ) : null}{' '}
    </>
  );
}
