import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { curatorsInScope, municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { parseForm, schoolFilterSchema, type SchoolFilter } from '../../core/directory/forms.js';
import {
  assignCurator,
  createSchool,
  listSchoolsFiltered,
  renameSchool,
  schoolCard,
  setSchoolTags,
  tagsInUse,
  unassignCurator,
  type SchoolCard,
} from '../../core/directory/schools.js';
import { DomainError } from '../../core/errors.js';
import type { AdminEnv } from '../env.js';
import { type CardState, NewSchool, SchoolCardPage } from '../views/schools/card.js';
import { SchoolsList } from '../views/schools/list.js';
import { SchoolTimeline } from '../views/tasks/timeline.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { fieldErrors, list, page, queryFilters, type PanelContext } from '../kit.js';

type Form = Record<string, string | string[]>;

/** Schools: a filtered list, a card (names, tags, curators, history) and a form for a new school. */
export function schoolsRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const actor = c.get('actor');
    const scope = scopeOf(actor);
    const raw = queryFilters(c);
    let filter: SchoolFilter = { nolead: false };
    let errors: Record<string, string> | undefined;
    try {
      filter = parseForm(schoolFilterSchema, raw);
    } catch (error) {
      if (!isInvalidInput(error)) throw error;
      errors = fieldErrors(error, t);
    }
    const [rows, municipalities, inUse] = await Promise.all([
      listSchoolsFiltered(core, scope, filter),
      municipalitiesInScope(core, scope),
      tagsInUse(core, scope),
    ]);
    const tags = filter.tag && !inUse.includes(filter.tag) ? [...inUse, filter.tag] : inUse;
    return page(
      c,
      { title: t('schools-title'), section: '/schools', status: errors ? 400 : 200, flash: errors ? { text: t('schools-bad-filter'), bad: true } : undefined },
      <SchoolsList c={c} rows={rows} filter={filter} raw={raw} municipalities={municipalities} tags={tags} writable={canWrite(actor)} errors={errors} />,
    );
  });

  app.get('/new', async (c) => newSchoolPage(c, {}));

  app.post('/', validForm(formBody, { view: newSchoolPage }), async (c) => {
    const form = c.req.valid('form');
    const school = await createSchool(c.get('core'), c.get('actor'), {
      ...form,
      tags: list(form.tags),
      freeTags: form.freeTags ?? '',
      code: form.code ?? '',
    });
    return c.redirect(`/schools/${school.id}?done=school-created`, 303);
  });

  app.get('/:id{[0-9]+}', async (c) => cardPage(c, await schoolCard(c.get('core'), c.get('actor'), Number(c.req.param('id')))));

  // Each form of the card: the change, or the card again with the form as typed and its errors (400).
  const cardForm = (form: CardState['form'], path: string, change: (c: PanelContext, id: number, typed: Form) => Promise<unknown>, done: string) => {
    const view = async (c: PanelContext, typed: FormValues, errors: FieldErrors) =>
      cardPage(c, await schoolCard(c.get('core'), c.get('actor'), Number(c.req.param('id'))), { form, typed, errors });
    app.post(path, validForm(formBody, { view }), async (c) => {
      const id = Number(c.req.param('id'));
      await change(c, id, c.req.valid('form'));
      return c.redirect(`/schools/${id}?done=${done}`, 303);
    });
  };
  cardForm('names', '/:id{[0-9]+}', (c, id, f) => renameSchool(c.get('core'), c.get('actor'), id, f), 'saved');
  cardForm(
    'tags',
    '/:id{[0-9]+}/tags',
    (c, id, f) => setSchoolTags(c.get('core'), c.get('actor'), id, { tags: list(f.tags), freeTags: f.freeTags ?? '' }),
    'saved',
  );
  cardForm('curators', '/:id{[0-9]+}/curators', (c, id, f) => assignCurator(c.get('core'), c.get('actor'), id, f), 'curator-assigned');
  cardForm('curators', '/:id{[0-9]+}/curators/remove', (c, id, f) => unassignCurator(c.get('core'), c.get('actor'), id, f), 'curator-unassigned');

  return app;
}

function isInvalidInput(error: unknown): error is DomainError {
  return error instanceof DomainError && error.code === 'invalid-input';
}

async function newSchoolPage(c: PanelContext, typed: Form, errors?: Record<string, string>) {
  const actor = c.get('actor');
  const municipalities = await municipalitiesInScope(c.get('core'), scopeOf(actor));
  return page(
    c,
    { title: c.get('t')('schools-new'), section: '/schools', status: errors ? 400 : 200 },
    <NewSchool c={c} municipalities={municipalities} writable={canWrite(actor)} typed={typed} errors={errors} />,
  );
}

async function cardPage(c: PanelContext, card: SchoolCard, state?: CardState) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [curators, history, zone] = await Promise.all([
    curatorsInScope(core, scope),
    listAudit(core, scope, actor, { entity: 'school', entityId: String(card.school.id), limit: 30 }),
    regionTimezone(core),
  ]);
  return page(
    c,
    { title: card.school.shortName, section: '/schools', status: state ? 400 : 200, flash: state ? { text: t('http-400'), bad: true } : undefined },
    <SchoolCardPage
      c={c}
      card={card}
      curators={curators}
      history={history}
      zone={zone}
      writable={canWrite(actor)}
      timeline={<SchoolTimeline c={c} schoolId={card.school.id} />}
      state={state}
    />,
  );
}
