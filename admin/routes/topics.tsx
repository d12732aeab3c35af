import { Hono } from 'hono';
import { canWrite, scopeOf, type Actor } from '../../core/admins/access.js';
import { regionTimezone } from '../../core/directory/places.js';
import { personRoles } from '../../core/directory/vocabulary.js';
import {
  bulkSetSubscription,
  countSubscribers,
  createTopic,
  deleteTopic,
  listTopicsForAdmin,
  personTopicsForAdmin,
  topicFigures,
  topicForAdmin,
  topicSubscribers,
  updateTopic,
  type TopicInput,
} from '../../core/subscriptions/admin.js';
import type { Topic } from '../../core/subscriptions/subscriptions.js';
import { topicKinds } from '../../core/vocabulary/subscriptions.js';
import type { AdminEnv } from '../env.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, isDomainError, list, page, readForm, str, tableDownload, type PanelContext } from '../kit.js';

type FormValues = Record<string, string | string[]>;
/** Topics are the region's: owners and editors manage them (coordinators add and remove their own people). */
const mayManage = (actor: Actor) => canWrite(actor) && actor.role !== 'coordinator';
/** Person ids as typed (one per line, or separated by commas and spaces) or ticked; anything else is not an id. */
const personIds = (form: FormValues) => [...list(form.personId), ...str(form.personIds).split(/[\s,;]+/)].filter((s) => s !== '').map(Number);

function formToInput(form: FormValues): TopicInput {
  return {
    name: str(form.name),
    description: str(form.description),
    kind: str(form.kind) as TopicInput['kind'],
    defaultRoles: list(form.defaultRoles) as TopicInput['defaultRoles'],
  };
}

function topicToForm(topic: Topic): FormValues {
  return { name: topic.name, description: topic.description, kind: topic.kind, defaultRoles: topic.defaultRoles };
}

function TopicForm(props: { c: PanelContext; action: string; values: FormValues; errors?: Record<string, string> }) {
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

/** Topics: the list with subscriber counts, create, edit and delete; per topic its figures, people, bulk changes and export. */
export function topicsRoutes() {
  const app = new Hono<AdminEnv>();

  const listPage = async (c: PanelContext, values: FormValues = { kind: 'subject' }, errors?: Record<string, string>, status: 200 | 400 = 200) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const rows = await listTopicsForAdmin(c.get('core'), scopeOf(actor));
    return page(
      c,
      { title: t('topics-title'), section: '/topics', status },
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
      </>,
    );
  };

  app.get('/', (c) => listPage(c));

  app.post('/', async (c) => {
    const form = await readForm(c);
    try {
      const topic = await createTopic(c.get('core'), c.get('actor'), formToInput(form));
      return c.redirect(`/topics/${topic.id}?done=topic-saved`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return listPage(c, form, fieldErrors(error, c.get('t')), 400);
    }
  });

  const topicPage = async (c: PanelContext, id: number, values?: FormValues, errors?: Record<string, string>, status: 200 | 400 = 200) => {
    const t = c.get('t');
    const core = c.get('core');
    const actor = c.get('actor');
    const scope = scopeOf(actor);
    const topic = await topicForAdmin(core, id);
    const [figures, people, total] = await Promise.all([
      topicFigures(core, scope, id),
      topicSubscribers(core, scope, id, 200),
      countSubscribers(core, scope, id),
    ]);
    return page(
      c,
      { title: topic.name, section: '/topics', status },
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
            <TopicForm c={c} action={`/topics/${id}`} values={values ?? topicToForm(topic)} errors={errors} />
            <form method="post" action={`/topics/${id}/delete`} class="inline" data-confirm={t('confirm-topic-delete')}>
              <CsrfField c={c} />
              <button type="submit" class="danger">
                {t('topics-delete')}
              </button>
            </form>
          </>
        ) : null}
      </>,
    );
  };

  app.get('/:id{[0-9]+}', (c) => topicPage(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    try {
      await updateTopic(c.get('core'), c.get('actor'), id, formToInput(form));
      return c.redirect(`/topics/${id}?done=topic-saved`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return topicPage(c, id, form, fieldErrors(error, c.get('t')), 400);
    }
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    await deleteTopic(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.redirect('/topics?done=topic-deleted', 303);
  });

  /** Bulk add (typed ids) or remove (ticked rows); anyone outside the admin's scope makes it all not-found. */
  app.post('/:id{[0-9]+}/people', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const subscribed = str(form.subscribed) === '1';
    try {
      await bulkSetSubscription(c.get('core'), c.get('actor'), id, { personIds: personIds(form), subscribed });
      return c.redirect(`/topics/${id}?done=${subscribed ? 'topic-people-added' : 'topic-people-removed'}`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return topicPage(c, id, undefined, { personIds: Object.values(fieldErrors(error, c.get('t'))).join(' ') }, 400);
    }
  });

  const exportSubscribers = async (c: PanelContext, format: 'csv' | 'xlsx') => {
    const t = c.get('t');
    const core = c.get('core');
    const id = Number(c.req.param('id'));
    const topic = await topicForAdmin(core, id);
    const rows = await topicSubscribers(core, scopeOf(c.get('actor')), id);
    const table = [
      [t('field-full-name'), t('field-role'), t('field-municipality'), t('field-school')],
      ...rows.map((p) => [p.fullName ?? `#${p.id}`, p.roles.map((r) => t(`role-${r}`)).join(', '), p.municipality ?? '', p.school ?? '']),
    ];
    return tableDownload(c, `topic-${topic.id}`, format, table, topic.name.slice(0, 31));
  };
  app.get('/:id{[0-9]+}/export.csv', (c) => exportSubscribers(c, 'csv'));
  app.get('/:id{[0-9]+}/export.xlsx', (c) => exportSubscribers(c, 'xlsx'));

  /** One person's topics (their choice or their role's default) and who changed what. */
  app.get('/person/:id{[0-9]+}', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const { person, states, history } = await personTopicsForAdmin(core, c.get('actor'), Number(c.req.param('id')));
    const zone = await regionTimezone(core);
    return page(
      c,
      { title: t('topics-person-title', { name: person.fullName ?? `#${person.id}` }), section: '/topics' },
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
      </>,
    );
  });

  return app;
}
