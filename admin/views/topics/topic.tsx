import type { topicFigures, topicSubscribers } from '../../../core/subscriptions/admin.js';
import type { Topic } from '../../../core/subscriptions/subscriptions.js';
import { personRoles } from '../../../core/directory/vocabulary.js';
import { canWrite } from '../../../core/admins/access.js';
import { CsrfField, FieldError, type PanelContext } from '../../kit.js';
import { type FormValues, mayManage, TopicForm } from './form.js';

/** A topic: its subscribers by municipality and role, the people (remove ticked, add by id), export, edit and delete. */
export function TopicPage(props: {
  c: PanelContext;
  topic: Topic;
  figures: Awaited<ReturnType<typeof topicFigures>>;
  people: Awaited<ReturnType<typeof topicSubscribers>>;
  total: number;
  values: FormValues;
  errors?: Record<string, string>;
}) {
  const { c, topic, figures, people, total, values, errors } = props;
  const id = topic.id;
  const t = c.get('t');
  const actor = c.get('actor');
  return (
    <>
      <p>
        <a href="/topics">← {t('topics-title')}</a>
      </p>
      <h1>{topic.name}</h1>
      <p class="muted">
        {t(`topics-kind-${topic.kind}`)}
        {topic.description ? ` · ${topic.description}` : ''}
      </p>
      <h2 data-total={String(total)}>{t('topics-subscribers', { count: total })}</h2>
      <div class="grid">
        {figures.byMunicipality.map((m) => (
          <div class="stat" data-municipality={String(m.id ?? '')}>
            <b>{m.n}</b>
            <span>{m.name ?? t('topics-no-municipality')}</span>
          </div>
        ))}
      </div>
      <div class="grid mt-s">
        {personRoles.map((r) => (
          <div class="stat" data-role={r}>
            <b>{figures.byRole[r] ?? 0}</b>
            <span>{t(`role-${r}`)}</span>
          </div>
        ))}
      </div>
      <p>
        {t('topics-export')}: <a href={`/topics/${id}/export.csv`}>CSV</a> · <a href={`/topics/${id}/export.xlsx`}>XLSX</a>
      </p>
      <form method="post" action={`/topics/${id}/people`}>
        <CsrfField c={c} />
        <input type="hidden" name="subscribed" value="0" />
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                {canWrite(actor) ? <th></th> : null}
                <th>{t('field-full-name')}</th>
                <th>{t('field-role')}</th>
                <th class="hide-phone">{t('field-municipality')}</th>
                <th class="hide-phone">{t('field-school')}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr data-person={String(p.id)}>
                  {canWrite(actor) ? (
                    <td>
                      <input type="checkbox" name="personId" value={String(p.id)} aria-label={p.fullName ?? String(p.id)} />
                    </td>
                  ) : null}
                  <td>
                    <a href={`/topics/person/${p.id}`}>{p.fullName ?? `#${p.id}`}</a>
                  </td>
                  <td>{p.roles.map((r) => t(`role-${r}`)).join(', ')}</td>
                  <td class="hide-phone">{p.municipality ?? '—'}</td>
                  <td class="hide-phone">{p.school ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {total > people.length ? <p class="muted">{t('topics-list-cut', { shown: people.length })}</p> : null}
        {canWrite(actor) && people.length ? (
          <button type="submit" class="secondary">
            {t('topics-remove-chosen')}
          </button>
        ) : null}
      </form>
      {canWrite(actor) ? (
        <form method="post" action={`/topics/${id}/people`} class="card mt-1">
          <CsrfField c={c} />
          <input type="hidden" name="subscribed" value="1" />
          <label>
            {t('topics-add-people')}
            <textarea name="personIds" rows={2} placeholder="12, 15, 40"></textarea>
          </label>
          <FieldError errors={errors} name="personIds" />
          <button type="submit">{t('topics-add')}</button>
        </form>
      ) : null}
      {mayManage(actor) ? (
        <>
          <h2>{t('topics-edit')}</h2>
          <TopicForm c={c} action={`/topics/${id}`} values={values} errors={errors} />
          <form method="post" action={`/topics/${id}/delete`} class="inline" data-confirm={t('confirm-topic-delete')}>
            <CsrfField c={c} />
            <button type="submit" class="danger">
              {t('topics-delete')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}
