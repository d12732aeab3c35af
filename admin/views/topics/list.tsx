import type { Topic } from '../../../core/subscriptions/subscriptions.js';
import type { PanelContext } from '../../kit.js';
import { type FormValues, mayManage, TopicForm } from './form.js';

/** The topics with their subscriber counts, and the form for a new one. */
export function TopicsList(props: { c: PanelContext; rows: { topic: Topic; subscribers: number }[]; values: FormValues; errors?: Record<string, string> }) {
  const { c, rows, values, errors } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  return (
    <>
      <h1>{t('topics-title')}</h1>
      <p class="muted">{t('topics-intro')}</p>
      {rows.length === 0 ? (
        <p class="muted">{t('topics-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('topics-field-name')}</th>
                <th>{t('topics-field-kind')}</th>
                <th class="hide-phone">{t('topics-field-defaults')}</th>
                <th>{t('topics-col-subscribers')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ topic, subscribers }) => (
                <tr data-topic={String(topic.id)}>
                  <td>
                    <a href={`/topics/${topic.id}`}>{topic.name}</a>
                  </td>
                  <td>{t(`topics-kind-${topic.kind}`)}</td>
                  <td class="hide-phone">{topic.defaultRoles.map((r) => t(`role-${r}`)).join(', ') || '—'}</td>
                  <td data-subscribers={String(subscribers)}>{subscribers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayManage(actor) ? (
        <>
          <h2>{t('topics-new')}</h2>
          <TopicForm c={c} action="/topics" values={values} errors={errors} />
        </>
      ) : null}
    </>
  );
}
