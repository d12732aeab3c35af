import { scopeOf } from '../../../core/admins/access.js';
import type { Task } from '../../../core/tasks/tasks.js';
import { evidenceKinds, taskAssignments, taskVerifiers } from '../../../db/schema/index.js';
import type { FieldErrors, FormValues } from '../../forms.js';
import { CsrfField, FieldError, str, type PanelContext } from '../../kit.js';
import { AudiencePicker, type AudiencePickerData } from '../audience-picker.js';
import { Select } from '../components.js';

export interface TaskFormData {
  municipalities: { id: number; name: string }[];
  audience: AudiencePickerData;
  /** How many people the audience in the form reaches now. */
  count: number;
  zone: string;
}

/** The task's fields, each with its message under it; read-only where the admin may not write or the task is closed. */
export function TaskForm(props: { c: PanelContext; task: Task | null; values: FormValues; errors?: FieldErrors; data: TaskFormData; writable: boolean }) {
  const { c, task, values, errors, writable } = props;
  const { municipalities, zone } = props.data;
  const t = c.get('t');
  const scope = scopeOf(c.get('actor'));
  const v = (name: string) => str(values[name]);
  return (
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
        <AudiencePicker c={c} data={props.data.audience} values={values} count={props.data.count} errors={errors} />
        <button type="submit">{t('save')}</button>
      </fieldset>
    </form>
  );
}
