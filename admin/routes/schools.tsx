import { Hono } from 'hono';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { curatorsInScope, municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import { freeTagsOf, isStandardTag, parseForm, schoolFilterSchema, type SchoolFilter } from '../../core/directory/forms.js';
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
import { schoolTags } from '../../core/directory/vocabulary.js';
import { DomainError } from '../../core/errors.js';
import type { AdminEnv } from '../env.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';
import { SchoolTimeline } from './tasks.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, list, page, queryFilters, readForm, type PanelContext } from '../kit.js';

type Form = Record<string, string | string[]>;
type Translate = AdminEnv['Variables']['t'];

/** Which form of the card failed, what was typed in it and what was wrong. */
interface CardState {
  form: 'names' | 'tags' | 'curators';
  typed: Form;
  errors: Record<string, string>;
}

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
      <>
        <h1>{t('schools-title')}</h1>
        {canWrite(actor) ? (
          <p>
            <a class="button small" href="/schools/new">
              {t('schools-new')}
            </a>
          </p>
        ) : null}
        <form class="filters" method="get" action="/schools">
          <label>
            {t('schools-search')}
            <input name="q" value={errors?.q ? String(raw.q ?? '') : (filter.q ?? '')} maxlength={100} />
            <FieldError errors={errors} name="q" />
          </label>
          <Select
            label={t('field-municipality')}
            name="municipality"
            value={filter.municipality}
            options={municipalities.map((m) => [m.id, m.name])}
            empty={t('any')}
            errors={errors}
          />
          <Select label={t('field-tag')} name="tag" value={filter.tag} options={tags.map((tag) => [tag, tagLabel(t, tag)])} empty={t('any')} errors={errors} />
          <label class="checks">
            <span>
              <input type="checkbox" name="nolead" value="1" checked={filter.nolead} /> {t('schools-no-lead')}
            </span>
            <FieldError errors={errors} name="nolead" />
          </label>
          <button type="submit">{t('filter-apply')}</button>
          <a href="/schools">{t('filter-reset')}</a>
        </form>
        <p class="muted" data-total={String(rows.length)}>
          {t('schools-total', { total: rows.length })}
        </p>
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('school-short-name')}</th>
                <th class="hide-phone">{t('field-municipality')}</th>
                <th>{t('school-tags')}</th>
                <th>{t('schools-people')}</th>
                <th>{t('schools-leads')}</th>
                <th class="hide-phone">{t('school-curators')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-school={String(r.school.id)}>
                  <td>
                    <a href={`/schools/${r.school.id}`}>{r.school.shortName}</a>
                  </td>
                  <td class="hide-phone">{r.municipality}</td>
                  <td>
                    <Tags t={t} tags={r.school.tags} />
                  </td>
                  <td data-count="people">{r.people}</td>
                  <td data-count="leads" class={r.leads === 0 ? 'status-blocked' : undefined}>
                    {r.leads}
                  </td>
                  <td class="hide-phone">{r.curators.map((k) => k.fullName ?? t('person-erased')).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });

  app.get('/new', async (c) => newSchoolPage(c, {}));

  app.post('/', async (c) => {
    const form = await readForm(c);
    try {
      const school = await createSchool(c.get('core'), c.get('actor'), {
        ...form,
        tags: list(form.tags),
        freeTags: form.freeTags ?? '',
        code: form.code ?? '',
      });
      return c.redirect(`/schools/${school.id}?done=school-created`, 303);
    } catch (error) {
      if (!isInvalidInput(error)) throw error;
      return newSchoolPage(c, form, fieldErrors(error, c.get('t')));
    }
  });

  app.get('/:id{[0-9]+}', async (c) => cardPage(c, await schoolCard(c.get('core'), c.get('actor'), Number(c.req.param('id')))));

  // Each form of the card: the change, or the card again with the form as typed and its errors (400).
  const cardForm = (form: CardState['form'], path: string, change: (c: PanelContext, id: number, typed: Form) => Promise<unknown>, done: string) => {
    app.post(path, async (c) => {
      const id = Number(c.req.param('id'));
      const typed = await readForm(c);
      try {
        await change(c, id, typed);
        return c.redirect(`/schools/${id}?done=${done}`, 303);
      } catch (error) {
        if (!isInvalidInput(error)) throw error;
        const card = await schoolCard(c.get('core'), c.get('actor'), id);
        return cardPage(c, card, { form, typed, errors: fieldErrors(error, c.get('t')) });
      }
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

function tagLabel(t: Translate, tag: string): string {
  return isStandardTag(tag) ? t(`tag-${tag}`) : tag;
}

function Tags(props: { t: Translate; tags: readonly string[] }) {
  if (props.tags.length === 0) return <span class="muted">—</span>;
  return (
    <>
      {props.tags.map((tag) => (
        <span class="tag">{tagLabel(props.t, tag)}</span>
      ))}
    </>
  );
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** Standard tags as checkboxes, free tags as comma-separated text. */
function TagFields(props: { t: Translate; checked: readonly string[]; free: string; errors?: Record<string, string> }) {
  const { t } = props;
  return (
    <>
      <div class="field">
        <span class="muted">{t('school-tags')}</span>
        <div class="checks">
          {schoolTags.map((tag) => (
            <label>
              <input type="checkbox" name="tags" value={tag} checked={props.checked.includes(tag)} /> {t(`tag-${tag}`)}
            </label>
          ))}
        </div>
        <FieldError errors={props.errors} name="tags" />
      </div>
      <div class="field">
        <label>
          {t('school-free-tags')}
          <input name="freeTags" value={props.free} size={50} placeholder={t('school-free-tags-placeholder')} />
        </label>
        <span class="muted">{t('school-free-tags-hint')}</span>
        <FieldError errors={props.errors} name="freeTags" />
      </div>
    </>
  );
}

async function newSchoolPage(c: PanelContext, typed: Form, errors?: Record<string, string>) {
  const t = c.get('t');
  const actor = c.get('actor');
  const municipalities = await municipalitiesInScope(c.get('core'), scopeOf(actor));
  const chosen = text(typed.municipalityId) || (municipalities.length === 1 ? String(municipalities[0]!.id) : '');
  return page(
    c,
    { title: t('schools-new'), section: '/schools', status: errors ? 400 : 200 },
    <>
      <h1>{t('schools-new')}</h1>
      <form method="post" action="/schools" class="card">
        <CsrfField c={c} />
        <fieldset disabled={!canWrite(actor)} class="bare">
          <div class="field">
            <label>
              {t('field-municipality')}
              <select name="municipalityId">
                <option value="">—</option>
                {municipalities.map((m) => (
                  <option value={String(m.id)} selected={chosen === String(m.id)}>
                    {m.name}
                  </option>
                ))}
              </select>
            </label>
            <FieldError errors={errors} name="municipalityId" />
          </div>
          <NameFields t={t} fullName={text(typed.fullName)} shortName={text(typed.shortName)} errors={errors} />
          <div class="field">
            <label>
              {t('school-code')}
              <input name="code" value={text(typed.code)} size={20} maxlength={40} />
            </label>
            <span class="muted">{t('school-code-hint')}</span>
            <FieldError errors={errors} name="code" />
          </div>
          <TagFields t={t} checked={list(typed.tags)} free={text(typed.freeTags)} errors={errors} />
          <button type="submit">{t('school-create')}</button>
        </fieldset>
      </form>
    </>,
  );
}

function NameFields(props: { t: Translate; fullName: string; shortName: string; errors?: Record<string, string> }) {
  const { t } = props;
  return (
    <>
      <div class="field">
        <label>
          {t('school-full-name')}
          <input name="fullName" value={props.fullName} size={70} />
        </label>
        <FieldError errors={props.errors} name="fullName" />
      </div>
      <div class="field">
        <label>
          {t('school-short-name')}
          <input name="shortName" value={props.shortName} size={40} />
        </label>
        <FieldError errors={props.errors} name="shortName" />
      </div>
    </>
  );
}

async function cardPage(c: PanelContext, card: SchoolCard, state?: CardState) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const { school, municipality } = card;
  const [curators, history, zone] = await Promise.all([
    curatorsInScope(core, scope),
    listAudit(core, scope, actor, { entity: 'school', entityId: String(school.id), limit: 30 }),
    regionTimezone(core),
  ]);
  const writable = canWrite(actor);
  const typed = (form: CardState['form']) => (state?.form === form ? state.typed : undefined);
  const errorsOf = (form: CardState['form']) => (state?.form === form ? state.errors : undefined);
  const names = typed('names');
  const tags = typed('tags');
  const assigned = new Set(card.curators.map((k) => k.id));
  const choices = curators.filter((k) => !assigned.has(k.id));
  const chosenCurator = text(typed('curators')?.curatorId);
  return page(
    c,
    { title: school.shortName, section: '/schools', status: state ? 400 : 200, flash: state ? { text: t('http-400'), bad: true } : undefined },
    <>
      <h1>{school.shortName}</h1>
      <div class="card">
        <p>{school.fullName}</p>
        <p>
          <span class="muted">{t('field-municipality')}:</span> <a href={`/schools?municipality=${municipality.id}`}>{municipality.name}</a>
          {' · '}
          <span class="muted">{t('school-code')}:</span> {school.code ?? '—'}
        </p>
        <p>
          <span class="muted">{t('school-tags')}:</span> <Tags t={t} tags={school.tags} />
        </p>
        <p>
          <a href={`/people?school=${school.id}`} data-count="people">
            {t('school-people-link', { count: card.peopleTotal })}
          </a>
          {' · '}
          <span class="muted">{t('school-created-at', { date: formatDateTime(school.createdAt, zone) })}</span>
        </p>
      </div>

      <h2>{t('school-curators')}</h2>
      {card.curators.length === 0 ? (
        <p class="muted">{t('school-no-curators')}</p>
      ) : (
        <table>
          <tbody>
            {card.curators.map((k) => (
              <tr data-curator={String(k.id)}>
                <td>
                  <a href={`/people/${k.id}`}>{k.fullName ?? t('person-erased')}</a>
                  {k.status !== 'active' ? <span class={`status-${k.status}`}> · {t(`status-${k.status}`)}</span> : null}
                </td>
                <td>
                  <form class="inline" method="post" action={`/schools/${school.id}/curators/remove`}>
                    <CsrfField c={c} />
                    <input type="hidden" name="curatorId" value={String(k.id)} />
                    <button type="submit" class="secondary" disabled={!writable}>
                      {t('school-unassign')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`/schools/${school.id}/curators`} class="card mt-s">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <div class="field">
            <label>
              {t('school-assign-curator')}
              <select name="curatorId">
                <option value="">—</option>
                {choices.map((k) => (
                  <option value={String(k.id)} selected={chosenCurator === String(k.id)}>
                    {k.fullName ?? t('person-erased')}
                  </option>
                ))}
              </select>
            </label>
            <FieldError errors={errorsOf('curators')} name="curatorId" />
          </div>
          <button type="submit">{t('school-assign')}</button>
        </fieldset>
      </form>

      <h2>{t('school-tags')}</h2>
      <form method="post" action={`/schools/${school.id}/tags`} class="card">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <TagFields
            t={t}
            checked={tags ? list(tags.tags) : school.tags}
            free={tags ? text(tags.freeTags) : freeTagsOf(school.tags)}
            errors={errorsOf('tags')}
          />
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>

      <h2>{t('school-names')}</h2>
      <form method="post" action={`/schools/${school.id}`} class="card">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <NameFields
            t={t}
            fullName={names ? text(names.fullName) : school.fullName}
            shortName={names ? text(names.shortName) : school.shortName}
            errors={errorsOf('names')}
          />
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>

      <SchoolTimeline c={c} schoolId={school.id} />

      <h2>{t('school-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('school-history-empty')} />
    </>,
  );
}
