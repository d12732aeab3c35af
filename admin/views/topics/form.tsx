import type { Actor } from '../../../core/admins/access.js';
import { canWrite } from '../../../core/admins/access.js';
import { personRoles } from '../../../core/directory/vocabulary.js';
import { topicKinds } from '../../../core/vocabulary/subscriptions.js';
import { CsrfField, FieldError, list, str, type PanelContext } from '../../kit.js';

export type FormValues = Record<string, string | string[]>;

/** Topics are the region's: owners and editors manage them (coordinators add and remove their own people). */
export const mayManage = (actor: Actor) => canWrite(actor) && actor.role !== 'coordinator';

/** A topic's name, description, kind and the roles subscribed by default. */
export function TopicForm(props: { c: PanelContext; action: string; values: FormValues; errors?: Record<string, string> }) {
  const t = props.c.get('t');
  const v = props.values;
  return (
    <form method="post" action={props.action} class="card">
      <CsrfField c={props.c} />
      <div class="field">
        <label>
          {t('topics-field-name')}
          <input name="name" value={str(v.name)} required />
        </label>
        <FieldError errors={props.errors} name="name" />
      </div>
      <div class="field">
        <label>
          {t('topics-field-description')}
          <textarea name="description" rows={2}>
            {str(v.description)}
          </textarea>
        </label>
        <FieldError errors={props.errors} name="description" />
      </div>
      <div class="field">
        <label>
          {t('topics-field-kind')}
          <select name="kind">
            {topicKinds.map((k) => (
              <option value={k} selected={str(v.kind) === k}>
                {t(`topics-kind-${k}`)}
              </option>
            ))}
          </select>
        </label>
        <FieldError errors={props.errors} name="kind" />
      </div>
      <div class="field">
        <span>{t('topics-field-defaults')}</span>
        <div class="checks">
          {personRoles.map((r) => (
            <label>
              <input type="checkbox" name="defaultRoles" value={r} checked={list(v.defaultRoles).includes(r)} /> {t(`role-${r}`)}
            </label>
          ))}
        </div>
        <FieldError errors={props.errors} name="defaultRoles" />
      </div>
      <button type="submit">{t('topics-save')}</button>
    </form>
  );
}
