import { Hono } from 'hono';
import { z } from 'zod';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { DomainError, parseInput } from '../../core/errors.js';
import { setWeeklyDigestSettings, weeklyDigestSettings } from '../../core/tasks/digests.js';
import { publishTask } from '../../core/tasks/assignment.js';
import { confirmationForAdmin, setStatusManually } from '../../core/tasks/confirmations.js';
import { defaultReminderPlan } from '../../core/tasks/reminder-plan.js';
import { completionMatrix, confirmationsOfTask, ratesByMunicipality } from '../../core/tasks/reports.js';
import { closeTask, createTask, listTasksForAdmin, taskForAdmin, taskInputSchema, updateTask, type Task } from '../../core/tasks/tasks.js';
import type { AdminEnv } from '../env.js';
import { statusForm, taskForm, taskFormFields, taskInput, taskToForm } from '../forms/tasks.js';
import { validForm, type FieldErrors, type FormValues } from '../forms.js';
import { fieldErrors, isDomainError, page, str, tableDownload, type PanelContext } from '../kit.js';
import { countAudienceForm, loadAudiencePicker } from '../views/audience-picker.js';
import { TasksList } from '../views/tasks/list.js';
import { shownStatuses, TasksMatrix } from '../views/tasks/matrix.js';
import { TaskPage, type FailedStatusForm } from '../views/tasks/page.js';

/** The digest's day and hour as chosen in two selects; the domain checks their range. */
const digestForm = z.object({ weekday: z.coerce.number(), hour: z.coerce.number() });

/** Tasks: list, create and edit (coordinators within their municipalities), publish, close, the completion matrix with rates and exports, manual status changes, evidence. */
export function tasksRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => showList(c));

  app.post('/digest-settings', validForm(digestForm, { view: (c, _values, errors) => showList(c, Object.values(errors).join(' ')) }), async (c) => {
    const actor = c.get('actor');
    if (!canWrite(actor) || actor.role === 'coordinator') throw new DomainError('not-allowed');
    await setWeeklyDigestSettings(c.get('core'), c.req.valid('form'));
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
      escalateAfterMinutes: 1440,
      municipalityId: first,
      audience: { roles: ['school_lead' as const] },
    };
    return showTask(c, null, taskToForm(blank, zone));
  });

  /** The plan's days are the form's to judge; the domain still judges every other field, so all problems show at once. */
  const checkRest = async (c: PanelContext, values: FormValues) => parseInput(taskInputSchema, taskInput(values, await regionTimezone(c.get('core'))));

  app.post(
    '/new',
    validForm(taskForm, { view: (c, values, errors) => showTask(c, null, values, errors), fields: taskFormFields, alsoCheck: checkRest }),
    async (c) => {
      const core = c.get('core');
      const task = await createTask(core, c.get('actor'), taskInput(c.req.valid('form'), await regionTimezone(core)));
      return c.redirect(`/tasks/${task.id}?done=task-created`, 303);
    },
  );

  app.get('/:id{[0-9]+}', async (c) => {
    const task = await taskForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return showTask(c, task, taskToForm(task, await regionTimezone(c.get('core'))));
  });

  app.post(
    '/:id{[0-9]+}',
    validForm(taskForm, {
      view: async (c, values, errors) => showTask(c, await taskForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), values, errors),
      fields: taskFormFields,
      alsoCheck: checkRest,
    }),
    async (c) => {
      const core = c.get('core');
      const id = Number(c.req.param('id'));
      await updateTask(core, c.get('actor'), id, taskInput(c.req.valid('form'), await regionTimezone(core)));
      return c.redirect(`/tasks/${id}?done=task-saved`, 303);
    },
  );

  /** Publishing checks the saved task again: its problems are shown next to the fields and, together, at the top. */
  app.post('/:id{[0-9]+}/publish', async (c) => {
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    try {
      await publishTask(core, c.get('actor'), id);
      return c.redirect(`/tasks/${id}?done=task-published`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const task = await taskForAdmin(core, c.get('actor'), id);
      const errors = fieldErrors(error, c.get('t'));
      return showTask(c, task, taskToForm(task, await regionTimezone(core)), errors, 400, Object.values(errors).join(' '));
    }
  });

  app.post('/:id{[0-9]+}/close', async (c) => {
    const id = Number(c.req.param('id'));
    await closeTask(c.get('core'), c.get('actor'), id);
    return c.redirect(`/tasks/${id}?done=task-closed`, 303);
  });

  /**
   * Manual status change of one confirmation, with a reason; scoped and audited in the domain. Refused, the task's page
   * shows the message under the reason in that assignee's row, and at the top, each naming its field.
   */
  app.post(
    '/confirmations/:cid{[0-9]+}/status',
    validForm(statusForm, {
      view: async (c, values, errors) => {
        const t = c.get('t');
        const confirmation = await confirmationForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('cid')));
        const task = await taskForAdmin(c.get('core'), c.get('actor'), confirmation.taskId);
        const names: Record<string, string> = { reason: t('task-status-reason'), status: t('tasks-col-status') };
        const problem = Object.entries(errors).map(([field, text]) => (names[field] ? `${names[field]}: ${text}` : text));
        const failed: FailedStatusForm = { confirmationId: confirmation.id, values: { status: str(values.status), reason: str(values.reason) }, errors };
        return showTask(c, task, taskToForm(task, await regionTimezone(c.get('core'))), undefined, 400, problem.join(' '), failed);
      },
    }),
    async (c) => {
      const core = c.get('core');
      const actor = c.get('actor');
      const cid = Number(c.req.param('cid'));
      const confirmation = await confirmationForAdmin(core, actor, cid);
      await setStatusManually(core, actor, cid, c.req.valid('form'));
      return c.redirect(`/tasks/${confirmation.taskId}?done=task-status-changed`, 303);
    },
  );

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
    const core = c.get('core');
    const scope = scopeOf(c.get('actor'));
    const municipality = Number(c.req.query('municipality') ?? '') || undefined;
    const [matrix, rates, municipalities, zone] = await Promise.all([
      completionMatrix(core, scope, { municipalityId: municipality }),
      ratesByMunicipality(core, scope),
      municipalitiesInScope(core, scope),
      regionTimezone(core),
    ]);
    return page(
      c,
      { title: c.get('t')('tasks-matrix-title'), section: '/tasks/matrix' },
      <TasksMatrix c={c} matrix={matrix} rates={rates} municipalities={municipalities} municipality={municipality} zone={zone} />,
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

/** The tasks list with its search; a refused digest setting shows at the top. */
async function showList(c: PanelContext, problem?: string) {
  const t = c.get('t');
  const actor = c.get('actor');
  const core = c.get('core');
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const digestAllowed = canWrite(actor) && actor.role !== 'coordinator';
  const [rows, zone, digest] = await Promise.all([
    listTasksForAdmin(core, scopeOf(actor), q || undefined),
    regionTimezone(core),
    digestAllowed ? weeklyDigestSettings(core) : Promise.resolve(null),
  ]);
  return page(
    c,
    { title: t('tasks-title'), section: '/tasks', flash: problem ? { text: problem, bad: true } : undefined },
    <TasksList c={c} q={q} rows={rows} zone={zone} digest={digest} />,
  );
}

/** The new-task form, or a task's page, with what it shows read from the domain. */
async function showTask(
  c: PanelContext,
  task: Task | null,
  values: FormValues,
  errors?: FieldErrors,
  status: 200 | 400 = 200,
  problem?: string,
  failedStatus?: FailedStatusForm,
) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [municipalities, audience, count, zone, confirmations, history] = await Promise.all([
    municipalitiesInScope(core, scope),
    loadAudiencePicker(core, actor),
    countAudienceForm(core, actor, values),
    regionTimezone(core),
    task ? confirmationsOfTask(core, actor, task.id) : Promise.resolve([]),
    task ? listAudit(core, scope, actor, { entity: 'task', entityId: String(task.id), limit: 30 }) : Promise.resolve([]),
  ]);
  return page(
    c,
    { title: task ? task.title : t('tasks-new'), section: '/tasks', status, flash: problem ? { text: problem, bad: true } : undefined },
    <TaskPage
      c={c}
      task={task}
      values={values}
      errors={errors}
      data={{ municipalities, audience, count, zone, confirmations, history }}
      statusForm={failedStatus}
    />,
  );
}
