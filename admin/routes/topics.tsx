import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { regionTimezone } from '../../core/directory/places.js';
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
import type { AdminEnv } from '../env.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { PersonTopics } from '../views/topics/person.js';
import { TopicPage } from '../views/topics/topic.js';
import { TopicsList } from '../views/topics/list.js';
import { list, page, str, tableDownload, type PanelContext } from '../kit.js';

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

/** Topics: the list with subscriber counts, create, edit and delete; per topic its figures, people, bulk changes and export. */
export function topicsRoutes() {
  const app = new Hono<AdminEnv>();

  const listPage = async (c: PanelContext, values: FormValues = { kind: 'subject' }, errors?: Record<string, string>, status: 200 | 400 = 200) => {
    const t = c.get('t');
    const actor = c.get('actor');
    const rows = await listTopicsForAdmin(c.get('core'), scopeOf(actor));
    return page(c, { title: t('topics-title'), section: '/topics', status }, <TopicsList c={c} rows={rows} values={values} errors={errors} />);
  };

  app.get('/', (c) => listPage(c));

  app.post('/', validForm(formBody, { view: (c, values, errors) => listPage(c, values, errors, 400) }), async (c) => {
    const topic = await createTopic(c.get('core'), c.get('actor'), formToInput(c.req.valid('form')));
    return c.redirect(`/topics/${topic.id}?done=topic-saved`, 303);
  });

  const topicPage = async (c: PanelContext, id: number, values?: FormValues, errors?: Record<string, string>, status: 200 | 400 = 200) => {
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
      <TopicPage c={c} topic={topic} figures={figures} people={people} total={total} values={values ?? topicToForm(topic)} errors={errors} />,
    );
  };

  app.get('/:id{[0-9]+}', (c) => topicPage(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}', validForm(formBody, { view: (c, values, errors) => topicPage(c, Number(c.req.param('id')), values, errors, 400) }), async (c) => {
    const id = Number(c.req.param('id'));
    await updateTopic(c.get('core'), c.get('actor'), id, formToInput(c.req.valid('form')));
    return c.redirect(`/topics/${id}?done=topic-saved`, 303);
  });

  app.post('/:id{[0-9]+}/delete', async (c) => {
    await deleteTopic(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.redirect('/topics?done=topic-deleted', 303);
  });

  /** Bulk add (typed ids) or remove (ticked rows); anyone outside the admin's scope makes it all not-found. */
  // Every message goes next to the ids typed (the ticked rows have no field of their own).
  const showPeople = (c: PanelContext, _values: FormValues, errors: FieldErrors) =>
    topicPage(c, Number(c.req.param('id')), undefined, { personIds: Object.values(errors).join(' ') }, 400);
  app.post('/:id{[0-9]+}/people', validForm(formBody, { view: showPeople }), async (c) => {
    const id = Number(c.req.param('id'));
    const form = c.req.valid('form');
    const subscribed = str(form.subscribed) === '1';
    await bulkSetSubscription(c.get('core'), c.get('actor'), id, { personIds: personIds(form), subscribed });
    return c.redirect(`/topics/${id}?done=${subscribed ? 'topic-people-added' : 'topic-people-removed'}`, 303);
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
    const found = await personTopicsForAdmin(core, c.get('actor'), Number(c.req.param('id')));
    const { person } = found;
    const zone = await regionTimezone(core);
    return page(
      c,
      { title: t('topics-person-title', { name: person.fullName ?? `#${person.id}` }), section: '/topics' },
      <PersonTopics c={c} found={found} zone={zone} />,
    );
  });

  return app;
}
