import type { personTopicsForAdmin } from '../../../core/subscriptions/admin.js';
import { formatDateTime, type PanelContext } from '../../kit.js';

/** One person's topics (their choice or their role's default) and who changed what. */
export function PersonTopics(props: { c: PanelContext; found: Awaited<ReturnType<typeof personTopicsForAdmin>>; zone: string }) {
  const { person, states, history } = props.found;
  const zone = props.zone;
  const t = props.c.get('t');
  return (
    <>
      <p>
        <a href={`/people/${person.id}`}>← {person.fullName ?? `#${person.id}`}</a>
      </p>
      <h1>{t('topics-person-title', { name: person.fullName ?? `#${person.id}` })}</h1>
      <ul>
        {states.map((s) => (
          <li data-topic={String(s.topic.id)} data-subscribed={s.subscribed ? '1' : '0'}>
            {s.subscribed ? '✅' : '▫️'} <a href={`/topics/${s.topic.id}`}>{s.topic.name}</a>
            {s.byDefault ? <span class="muted"> · {t('topics-by-default')}</span> : null}
          </li>
        ))}
      </ul>
      <h2>{t('topics-history')}</h2>
      {history.length === 0 ? (
        <p class="muted">{t('topics-history-empty')}</p>
      ) : (
        <table>
          <tbody>
            {history.map((h) => (
              <tr data-change={String(h.id)}>
                <td>{formatDateTime(h.at, zone)}</td>
                <td>{t(h.subscribed ? 'topics-history-on' : 'topics-history-off', { topic: h.topicName })}</td>
                <td>{h.changedBy === 'person' ? t('topics-history-by-person') : t('topics-history-by-admin', { actor: h.actor ?? '' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
