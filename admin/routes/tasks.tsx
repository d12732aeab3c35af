import { Hono } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError } from '../../core/errors.js';
import { escapeAttribute } from '../../core/text/html.js';
import { localToUtc, utcToLocalInput } from '../../core/time/time.js';
import { setWeeklyDigestSettings, weeklyDigestSettings } from '../../core/tasks/digests.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmationForAdmin, setStatusManually } from '../../core/tasks/confirmations.js';
import { defaultReminderPlan } from '../../core/tasks/reminder-plan.js';
import {
  completionMatrix,
  confirmationsOfSchool,
  confirmationsOfTask,
  ratesByMunicipality,
  shownStatus,
  type Matrix,
  type MunicipalityRate,
  type ShownStatus,
} from '../../core/tasks/reports.js';
import { closeTask, createTask, listTasksForAdmin, taskForAdmin, updateTask, type Task, type TaskInput } from '../../core/tasks/tasks.js';
import { visitsOfSchool } from '../../core/tasks/visits.js';
import { confirmationStatuses, evidenceKinds, taskAssignments, taskVerifiers } from '../../core/vocabulary/tasks.js';
import type { AdminEnv } from '../env.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, isDomainError, page, readForm, str, tableDownload, type PanelContext } from '../kit.js';
import { AudiencePicker, audienceToForm, countAudienceForm, loadAudiencePicker, readAudienceForm } from '../views/audience-picker.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';

type FormValues = Record<string, string | string[]>;
const day = 1440;
const numberOr = (text: string, fallback: number | null): number | null => (text === '' ? fallback : Number(text.replace(',', '.')));

/** The form as the domain's input: the due time typed in the region's zone, the plan in days (0 = on the day, 3 hours before). */
function formToInput(form: FormValues, zone: string): TaskInput {
  const before = str(form.remindBefore)
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((d) => (Number(d) === 0 ? 180 : Math.round(Number(d.replace(',', '.')) * day)));
  const every = numberOr(str(form.overdueEveryDays), null);
  const escalate = numberOr(str(form.escalateAfterDays), null);
  return {
    title: str(form.title),
    instructions: str(form.instructions),
    dueAt: str(form.dueAt) ? localToUtc(str(form.dueAt), zone) : Number.NaN,
    audience: readAudienceForm(form),
    assignment: str(form.assignment) as TaskInput['assignment'],
    evidence: str(form.evidence) as TaskInput['evidence'],
    verifier: str(form.verifier) as TaskInput['verifier'],
    reminderPlan: {
      beforeMinutes: before,
      overdueEveryMinutes: every === null ? null : Math.round(every * day),
      overdueTimes: Number(str(form.overdueTimes) || '0'),
    },
    escalateAfterMinutes: escalate === null ? null : Math.round(escalate * day),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
  };
}

function taskToForm(
  task: Pick<
    Task,
    'title' | 'instructions' | 'dueAt' | 'assignment' | 'evidence' | 'verifier' | 'reminderPlan' | 'escalateAfterMinutes' | 'municipalityId' | 'audience'
  >,
  zone: string,
): FormValues {
  const days = (m: number) => String(Math.round((m / day) * 100) / 100);
  return {
    title: task.title,
    instructions: task.instructions,
    dueAt: Number.isFinite(task.dueAt) ? utcToLocalInput(task.dueAt, zone) : '',
    assignment: task.assignment,
    evidence: task.evidence,
    verifier: task.verifier,
    remindBefore: task.reminderPlan.beforeMinutes.map((m) => (m === 180 ? '0' : days(m))).join(', '),
    overdueEveryDays: task.reminderPlan.overdueEveryMinutes === null ? '' : days(task.reminderPlan.overdueEveryMinutes),
    overdueTimes: String(task.reminderPlan.overdueTimes),
    escalateAfterDays: task.escalateAfterMinutes === null ? '' : days(task.escalateAfterMinutes),
    municipalityId: task.municipalityId === null ? '' : String(task.municipalityId),
    ...audienceToForm(task.audience),
  };
}

/** Domain field names → the form's; the plan's errors said in the form's unit (days), not the domain's minutes. */
function formErrors(error: DomainError, t: PanelContext['var']['t'], form: FormValues): Record<string, string> {
  const errors = fieldErrors(error, t);
  const rename: Record<string, string> = {
    'reminderPlan.beforeMinutes': 'remindBefore',
    'reminderPlan.overdueEveryMinutes': 'overdueEveryDays',
    'reminderPlan.overdueTimes': 'overdueTimes',
    escalateAfterMinutes: 'escalateAfterDays',
  };
  for (const [from, to] of Object.entries(rename)) {
    const hit = Object.keys(errors).find((k) => k === from || k.startsWith(`${from}.`));
    if (hit) errors[to] ??= errors[hit]!;
  }
  for (const key of Object.keys(errors)) if (key.startsWith('audience.')) errors.audience ??= errors[key]!;
  for (const name of ['overdueEveryDays', 'escalateAfterDays']) {
    if (!errors[name]) continue;
    const value = Number(str(form[name]).replace(',', '.'));
    errors[name] = Number.isFinite(value) ? t('task-err-days-positive') : t('task-err-not-days', { value: str(form[name]) });
  }
  if (errors.remindBefore) {
    const wrong = str(form.remindBefore)
      .split(/[\s,;]+/)
      .find((d) => d !== '' && !Number.isFinite(Number(d.replace(',', '.'))));
    if (wrong !== undefined) errors.remindBefore = t('task-err-not-duration', { value: wrong });
  }
  return errors;
}

const shownStatuses = ['pending', 'overdue', 'problem', 'returned', 'confirmed', 'verified'] as const;
/** One letter per status in the matrix's 30,000 cells (a megabyte less than the long names); colours in the stylesheet. */
const cellClass: Record<ShownStatus, string> = { pending: 'p', overdue: 'o', problem: 'x', returned: 'r', confirmed: 'c', verified: 'v' };

/** Tasks: list, create and edit (coordinators within their municipalities), publish, close, the completion matrix with rates and exports, manual status changes, evidence. */
export function tasksRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const core = c.get('core');
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const [rows, zone] = await Promise.all([listTasksForAdmin(core, scopeOf(actor), q || undefined), regionTimezone(core)]);
    return page(
      c,
      { title: t('tasks-title'), section: '/tasks' },
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
        {canWrite(actor) && actor.role !== 'coordinator' ? <DigestSettings c={c} /> : null}
      </>,
    );
  });

  app.post('/digest-settings', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor) || actor.role === 'coordinator') throw new DomainError('not-allowed');
    const form = await readForm(c);
    await setWeeklyDigestSettings(c.get('core'), { weekday: Number(str(form.weekday)), hour: Number(str(form.hour)) });
    return c.redirect('/tasks?done=task-digest-saved', 303);
  });

  app.get('/new', async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor)) throw new DomainError('not-allowed');
    const zone = await regionTimezone(c.get('core'));
    const first = actor.role === 'coordinator' ? (actor.municipalityIds[0] ?? null) : null;
    const blank = {
      title: '',
      instructions: '',
      dueAt: Number.NaN,
      assignment: 'school' as const,
      evidence: 'none' as const,
      verifier: 'curator' as const,
      reminderPlan: defaultReminderPlan,
      escalateAfterMinutes: day,
      municipalityId: first,
      audience: { roles: ['school_lead' as const] },
    };
    return formPage(c, null, taskToForm(blank, zone));
  });

  app.post('/new', async (c) => {
    const core = c.get('core');
    const form = await readForm(c);
    try {
      const task = await createTask(core, c.get('actor'), formToInput(form, await regionTimezone(core)));
      return c.redirect(`/tasks/${task.id}?done=task-created`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return formPage(c, null, form, formErrors(error, c.get('t'), form), 400);
    }
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const task = await taskForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return formPage(c, task, taskToForm(task, await regionTimezone(c.get('core'))));
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    try {
      await updateTask(core, c.get('actor'), id, formToInput(form, await regionTimezone(core)));
      return c.redirect(`/tasks/${id}?done=task-saved`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return formPage(c, await taskForAdmin(core, c.get('actor'), id), form, formErrors(error, c.get('t'), form), 400);
    }
  });

  app.post('/:id{[0-9]+}/publish', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    try {
      await publishTask(core, c.get('actor'), id);
      return c.redirect(`/tasks/${id}?done=task-published`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const task = await taskForAdmin(core, c.get('actor'), id);
      const errors = formErrors(error, c.get('t'), {});
      return formPage(c, task, taskToForm(task, await regionTimezone(core)), errors, 400, Object.values(errors).join(' '));
    }
  });

  app.post('/:id{[0-9]+}/close', async (c) => {
    const id = Number(c.req.param('id'));
    await closeTask(c.get('core'), c.get('actor'), id);
    return c.redirect(`/tasks/${id}?done=task-closed`, 303);
  });

  /** Manual status change of one confirmation, with a reason; scoped and audited in the domain. */
  app.post('/confirmations/:cid{[0-9]+}/status', async (c) => {
    const core = c.get('core');
    const actor = c.get('actor');
    const cid = Number(c.req.param('cid'));
    const form = await readForm(c);
    const confirmation = await confirmationForAdmin(core, actor, cid);
    try {
      await setStatusManually(core, actor, cid, { status: str(form.status), reason: str(form.reason) });
      return c.redirect(`/tasks/${confirmation.taskId}?done=task-status-changed`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const task = await taskForAdmin(core, actor, confirmation.taskId);
      const t = c.get('t');
      // The status form sits in a table row: the message names the field it is about.
      const names: Record<string, string> = { reason: t('task-status-reason'), status: t('tasks-col-status') };
      const errors = Object.entries(fieldErrors(error, t)).map(([field, text]) => (names[field] ? `${names[field]}: ${text}` : text));
      return formPage(c, task, taskToForm(task, await regionTimezone(core)), undefined, 400, errors.join(' '));
    }
  });

  /** The evidence file of a confirmation, fetched from Telegram by its file_id; scoped like the task. */
  app.get('/confirmations/:cid{[0-9]+}/evidence', async (c) => {
    const confirmation = await confirmationForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('cid')));
    const fetchFile = c.get('fetchFile');
    if (!confirmation.evidenceFileId || !fetchFile) throw new DomainError('not-found');
    const file = await fetchFile(confirmation.evidenceFileId);
    if (!file) throw new DomainError('not-found');
    const name = confirmation.evidenceKind === 'photo' ? `evidence-${confirmation.id}.jpg` : `evidence-${confirmation.id}`;
    return c.body(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer, 200, {
      'content-type': confirmation.evidenceKind === 'photo' ? 'image/jpeg' : 'application/octet-stream',
      'content-disposition': `${confirmation.evidenceKind === 'photo' ? 'inline' : 'attachment'}; filename="${name}"`,
      'x-content-type-options': 'nosniff',
    });
  });

  app.get('/matrix', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const scope = scopeOf(c.get('actor'));
    const municipality = Number(c.req.query('municipality') ?? '') || undefined;
    const [matrix, rates, municipalities, zone] = await Promise.all([
      completionMatrix(core, scope, { municipalityId: municipality }),
      ratesByMunicipality(core, scope),
      municipalitiesInScope(core, scope),
      regionTimezone(core),
    ]);
    const query = municipality ? `?municipality=${municipality}` : '';
    return page(
      c,
      { title: t('tasks-matrix-title'), section: '/tasks' },
      <>
        <h1>{t('tasks-matrix-title')}</h1>
        <form class="filters" method="get" action="/tasks/matrix">
          <Select
            label={t('field-municipality')}
            name="municipality"
            value={municipality}
            options={municipalities.map((m) => [m.id, m.name])}
            empty={t('any')}
          />
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
      </>,
    );
  });

  const exportMatrix = (format: 'csv' | 'xlsx') => async (c: PanelContext) => {
    const t = c.get('t');
    const core = c.get('core');
    const municipality = Number(c.req.query('municipality') ?? '') || undefined;
    const matrix = await completionMatrix(core, scopeOf(c.get('actor')), { municipalityId: municipality });
    const head = [t('tasks-col-municipality'), t('tasks-col-school'), ...matrix.tasks.map((task) => task.title)];
    const label = Object.fromEntries(shownStatuses.map((s) => [s, t(`task-cell-${s}`)]));
    const body = matrix.schools.map((s) => [s.municipality, s.name, ...s.statuses.map((status) => (status ? label[status] : ''))]);
    return tableDownload(c, 'tasks-matrix', format, [head, ...body], t('tasks-matrix-title'));
  };
  app.get('/matrix.csv', exportMatrix('csv'));
  app.get('/matrix.xlsx', exportMatrix('xlsx'));

  return app;
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

/** The weekly digest's day and hour (owners and editors). */
async function DigestSettings(props: { c: PanelContext }) {
  const { c } = props;
  const t = c.get('t');
  const settings = await weeklyDigestSettings(c.get('core'));
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

/** The new-task form, or a task's page: its form, publish and close, the assignees with their statuses and evidence, history. */
async function formPage(c: PanelContext, task: Task | null, values: FormValues, errors?: Record<string, string>, status: 200 | 400 = 200, problem?: string) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [municipalities, audienceData, count, zone, confirmations, history] = await Promise.all([
    municipalitiesInScope(core, scope),
    loadAudiencePicker(core, actor),
    countAudienceForm(core, actor, values),
    regionTimezone(core),
    task ? confirmationsOfTask(core, actor, task.id) : Promise.resolve([]),
    task ? listAudit(core, scope, actor, { entity: 'task', entityId: String(task.id), limit: 30 }) : Promise.resolve([]),
  ]);
  const writable = canWrite(actor) && task?.status !== 'closed';
  const v = (name: string) => str(values[name]);
  const title = task ? task.title : t('tasks-new');
  const now = core.clock.now();
  return page(
    c,
    { title, section: '/tasks', status, flash: problem ? { text: problem, bad: true } : undefined },
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
          <form class="inline" method="post" action={`/tasks/${task.id}/close`}>
            <CsrfField c={c} />
            <button type="submit" class="danger">
              {t('task-close')}
            </button>
          </form>
        </div>
      ) : null}
      <form method="post" action={task ? `/tasks/${task.id}` : '/tasks/new'} class="card" id="task-form">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <div class="field">
            <label>
              {t('task-field-title')}
              <input name="title" value={v('title')} size={60} />
            </label>
            <FieldError errors={errors} name="title" />
          </div>
          <div class="field">
            <label>
              {t('task-field-instructions')}
              <textarea name="instructions" rows={4} cols={60}>
                {v('instructions')}
              </textarea>
            </label>
            <FieldError errors={errors} name="instructions" />
          </div>
          <div class="field">
            <label>
              {t('task-field-due')} <span class="muted">({zone})</span>
              <input type="datetime-local" name="dueAt" value={v('dueAt')} />
            </label>
            <FieldError errors={errors} name="dueAt" />
          </div>
          <div class="field">
            <Select
              label={t('task-field-assignment')}
              name="assignment"
              value={v('assignment')}
              options={taskAssignments.map((a) => [a, t(`task-assignment-${a}`)])}
              errors={errors}
            />
          </div>
          <div class="field">
            <Select
              label={t('task-field-evidence')}
              name="evidence"
              value={v('evidence')}
              options={evidenceKinds.map((e) => [e, t(`task-evidence-kind-${e}`)])}
              errors={errors}
            />
          </div>
          <div class="field">
            <Select
              label={t('task-field-verifier')}
              name="verifier"
              value={v('verifier')}
              options={taskVerifiers.map((e) => [e, t(`task-verifier-${e}`)])}
              errors={errors}
            />
          </div>
          <div class="field">
            <label>
              {t('task-field-remind-before')}
              <input name="remindBefore" value={v('remindBefore')} size={20} />
            </label>
            <FieldError errors={errors} name="remindBefore" />
          </div>
          <div class="field">
            <label>
              {t('task-field-overdue-every')}
              <input name="overdueEveryDays" value={v('overdueEveryDays')} size={4} inputmode="numeric" />
            </label>
            <FieldError errors={errors} name="overdueEveryDays" />
            <label>
              {t('task-field-overdue-times')}
              <input name="overdueTimes" value={v('overdueTimes')} size={4} inputmode="numeric" />
            </label>
            <FieldError errors={errors} name="overdueTimes" />
          </div>
          <div class="field">
            <label>
              {t('task-field-escalate')}
              <input name="escalateAfterDays" value={v('escalateAfterDays')} size={4} inputmode="numeric" />
            </label>
            <FieldError errors={errors} name="escalateAfterDays" />
          </div>
          <div class="field">
            <Select
              label={t('field-municipality')}
              name="municipalityId"
              value={v('municipalityId')}
              options={municipalities.map((m) => [m.id, m.name])}
              empty={scope.all ? t('task-region-wide') : undefined}
              errors={errors}
            />
          </div>
          <AudiencePicker c={c} data={audienceData} values={values} count={count} errors={errors} />
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>
      {task && task.status !== 'draft' ? (
        <>
          <h2>{t('task-assignees')}</h2>
          <div class="table-wrap" tabindex={0}>
            <table>
              <tbody>
                {confirmations.map(({ confirmation: k, school, person }) => {
                  const shown = shownStatus(k.status, task.dueAt, now);
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
                                <option value={s} selected={s === k.status}>
                                  {t(`task-cell-${s}`)}
                                </option>
                              ))}
                            </select>{' '}
                            <input name="reason" placeholder={t('task-status-reason')} aria-label={t('task-status-reason')} size={18} />{' '}
                            <button type="submit">{t('task-status-change')}</button>
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
      ) : null}
    </>,
  );
}

/** A school's timeline for its page: its tasks with their statuses, and the curators' visits, latest first. */
export async function SchoolTimeline(props: { c: PanelContext; schoolId: number }) {
  const { c, schoolId } = props;
  const t = c.get('t');
  const core = c.get('core');
  const [confirmations, visits, zone] = await Promise.all([confirmationsOfSchool(core, schoolId), visitsOfSchool(core, schoolId), regionTimezone(core)]);
  const now = core.clock.now();
  type Item = { at: number; html: Child };
  const items: Item[] = [
    ...confirmations.map(({ confirmation: k, task }) => {
      const shown = shownStatus(k.status, task.dueAt, now);
      return {
        at: k.confirmedAt ?? task.dueAt,
        html: (
          <li data-timeline="task">
            <span class="muted">{formatDateTime(k.confirmedAt ?? task.dueAt, zone)}</span> <a href={`/tasks/${task.id}`}>{task.title}</a> ·{' '}
            <span class={`cell st-${shown}`}>{t(`task-cell-${shown}`)}</span>
          </li>
        ),
      };
    }),
    ...visits.map((visit) => ({
      at: Date.parse(`${visit.visitedOn}T12:00:00Z`),
      html: (
        <li data-timeline="visit">
          <span class="muted">{visit.visitedOn.split('-').reverse().join('.')}</span>{' '}
          {t('tasks-timeline-visit', { curator: visit.curator ?? t('person-erased'), kind: t(`visit-kind-${visit.kind}`) })}: {visit.result}
        </li>
      ),
    })),
  ].sort((a, b) => b.at - a.at);
  return (
    <>
      <h2>{t('tasks-timeline-title')}</h2>
      {items.length === 0 ? <p class="muted">{t('tasks-timeline-empty')}</p> : <ul class="timeline">{items.map((i) => i.html)}</ul>}
    </>
  );
}
