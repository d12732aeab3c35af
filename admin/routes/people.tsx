import { Hono } from 'hono';
import { z } from 'zod';
import { canWrite, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import {
  editPerson,
  listPeople,
  municipalitiesInScope,
  peopleFilterSchema,
  personEditSchema,
  personForAdmin,
  setPersonActive,
  type PeopleFilter,
} from '../../core/directory/directory.js';
import { contactsOf, setPreferredContact } from '../../core/directory/contacts.js';
import type { Person } from '../../core/directory/people.js';
import { regionTimezone } from '../../core/directory/places.js';
import { listSchools } from '../../core/directory/directory.js';
import { personRoles, schoolTags, subjects } from '../../core/directory/vocabulary.js';
import type { AdminEnv } from '../env.js';
import { Pager, Select } from '../views/components.js';
import { History } from '../views/history.js';
import { formBody, validForm, type FormValues } from '../forms.js';
import { CsrfField, FieldError, formatDateTime, list, page, queryFilters, type PanelContext } from '../kit.js';

const statuses = peopleFilterSchema.shape.status.unwrap().options;

/** The directory of people: filters, a fast keyset-paginated list, a card with edits, deactivation and history. */
export function peopleRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const scope = scopeOf(c.get('actor'));
    const raw = queryFilters(c);
    const parsed = peopleFilterSchema.safeParse(raw);
    const filter: PeopleFilter = parsed.success ? parsed.data : {};
    const [{ rows, total, nextBefore }, municipalities] = await Promise.all([listPeople(core, scope, filter), municipalitiesInScope(core, scope)]);
    return page(
      c,
      { title: t('people-title'), section: '/people', flash: parsed.success ? undefined : { text: t('people-bad-filter'), bad: true } },
      <>
        <h1>{t('people-title')}</h1>
        <form class="filters" method="get" action="/people">
          <label>
            {t('people-search')}
            <input name="q" value={filter.q ?? ''} placeholder={t('people-search-placeholder')} />
          </label>
          <Select
            label={t('field-municipality')}
            name="municipality"
            value={filter.municipality}
            options={municipalities.map((m) => [m.id, m.name])}
            empty={t('any')}
          />
          <Select label={t('field-role')} name="role" value={filter.role} options={personRoles.map((r) => [r, t(`role-${r}`)])} empty={t('any')} />
          <Select label={t('field-subject')} name="subject" value={filter.subject} options={subjects.map((s) => [s, t(`subject-${s}`)])} empty={t('any')} />
          <Select label={t('field-status')} name="status" value={filter.status} options={statuses.map((s) => [s, t(`status-${s}`)])} empty={t('any')} />
          <Select label={t('field-tag')} name="tag" value={filter.tag} options={schoolTags.map((s) => [s, t(`tag-${s}`)])} empty={t('any')} />
          {filter.school ? <input type="hidden" name="school" value={String(filter.school)} /> : null}
          <button type="submit">{t('filter-apply')}</button>
          <a href="/people">{t('filter-reset')}</a>
        </form>
        <p class="muted" data-total={String(total)}>
          {t('people-total', { total })}
        </p>
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('field-full-name')}</th>
                <th>{t('field-role')}</th>
                <th>{t('field-school')}</th>
                <th class="hide-phone">{t('field-municipality')}</th>
                <th>{t('field-status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ person, school, municipality }) => (
                <tr>
                  <td>
                    <a href={`/people/${person.id}`}>{person.fullName ?? t('person-erased')}</a>
                  </td>
                  <td>{person.roles.map((r) => t(`role-${r}`)).join(', ')}</td>
                  <td>{school?.shortName ?? '—'}</td>
                  <td class="hide-phone">{municipality?.name ?? '—'}</td>
                  <td class={`status-${person.status}`}>{t(`status-${person.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager query={raw} before={filter.before} nextBefore={nextBefore} first={t('pager-first')} next={t('pager-next')} />
      </>,
    );
  });

  app.get('/:id{[0-9]+}', async (c) => personPage(c, await personForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')))));

  app.post('/:id{[0-9]+}', validForm(personEditForm, { view: personEditRefused }), async (c) => {
    const id = Number(c.req.param('id'));
    await editPerson(c.get('core'), c.get('actor'), id, c.req.valid('form'));
    return c.redirect(`/people/${id}?done=saved`, 303);
  });

  app.post('/:id{[0-9]+}/preferred-contact', validForm(preferredContactForm, { view: preferredContactRefused }), async (c) => {
    const id = Number(c.req.param('id'));
    await setPreferredContact(c.get('core'), c.get('actor'), id, c.req.valid('form').contactId);
    return c.redirect(`/people/${id}?done=saved`, 303);
  });

  app.post('/:id{[0-9]+}/status', validForm(formBody, { view: preferredContactRefused }), async (c) => {
    const id = Number(c.req.param('id'));
    const form = c.req.valid('form');
    await setPersonActive(c.get('core'), c.get('actor'), id, form.active === '1');
    return c.redirect(`/people/${id}?done=${form.active === '1' ? 'activated' : 'deactivated'}`, 303);
  });

  return app;
}

/** A person's card as the form sends it, read by the domain's own schema. */
const personEditInput = (form: FormValues) => ({
  fullName: form.fullName,
  roles: list(form.roles),
  schoolId: form.schoolId ? form.schoolId : null,
  municipalityId: form.municipalityId ? form.municipalityId : null,
  subjects: list(form.subjects),
});
const personEditForm = formBody.transform((form): Record<string, unknown> => personEditInput(form)).pipe(personEditSchema);

/** The card again with what was typed (name, roles, subjects) and each field's message. */
async function personEditRefused(c: PanelContext, values: FormValues, errors: Record<string, string>) {
  const person = await personForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
  const typed = personEditInput(values);
  return personPage(c, { ...person, fullName: String(values.fullName ?? ''), roles: typed.roles, subjects: typed.subjects }, errors, 400);
}

const preferredContactForm = z.object({ contactId: z.coerce.number().int().positive() });

/** A forged or stale choice of contact: the person's page again, saying which field was wrong. */
async function preferredContactRefused(c: PanelContext, _values: unknown, errors: Record<string, string>) {
  const person = await personForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
  return personPage(c, person, errors, 400);
}

async function personPage(c: PanelContext, person: Person, errors?: Record<string, string>, status: 200 | 400 = 200) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [schools, municipalities, history, zone, contacts] = await Promise.all([
    listSchools(core, scope),
    municipalitiesInScope(core, scope),
    listAudit(core, scope, actor, { entity: 'person', entityId: String(person.id), limit: 20 }),
    regionTimezone(core),
    contactsOf(core, person.id),
  ]);
  const writable = canWrite(actor) && person.status !== 'deleted';
  return page(
    c,
    { title: person.fullName ?? t('person-erased'), section: '/people', status },
    <>
      <h1>{person.fullName ?? t('person-erased')}</h1>
      <p>
        <span class={`status-${person.status}`}>{t(`status-${person.status}`)}</span>
        {' · '}
        <span class="muted">{t('person-registered-at', { date: formatDateTime(person.createdAt, zone) })}</span>
      </p>
      <form method="post" action={`/people/${person.id}`} class="card">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <div class="field">
            <label>
              {t('field-full-name')}
              <input name="fullName" value={person.fullName ?? ''} size={50} />
            </label>
            <FieldError errors={errors} name="fullName" />
          </div>
          <div class="field">
            <span class="muted">{t('field-roles')}</span>
            <div class="checks">
              {personRoles.map((r) => (
                <label>
                  <input type="checkbox" name="roles" value={r} checked={person.roles.includes(r)} /> {t(`role-${r}`)}
                </label>
              ))}
            </div>
            <FieldError errors={errors} name="roles" />
          </div>
          <div class="field">
            <Select
              label={t('field-school')}
              name="schoolId"
              value={person.schoolId}
              options={schools.map((s) => [s.school.id, `${s.school.shortName} (${s.municipality})`])}
              empty={t('person-no-school')}
              errors={errors}
            />
          </div>
          <div class="field">
            <Select
              label={t('person-municipality-without-school')}
              name="municipalityId"
              value={person.municipalityId}
              options={municipalities.map((m) => [m.id, m.name])}
              empty="—"
              errors={errors}
            />
          </div>
          <div class="field">
            <span class="muted">{t('field-subjects')}</span>
            <div class="checks">
              {subjects.map((s) => (
                <label>
                  <input type="checkbox" name="subjects" value={s} checked={person.subjects.includes(s)} /> {t(`subject-${s}`)}
                </label>
              ))}
            </div>
            <FieldError errors={errors} name="subjects" />
          </div>
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>
      {writable ? (
        <form method="post" action={`/people/${person.id}/status`}>
          <CsrfField c={c} />
          <input type="hidden" name="active" value={person.status === 'deactivated' ? '1' : '0'} />
          <button type="submit" class={person.status === 'deactivated' ? 'secondary' : 'danger'}>
            {t(person.status === 'deactivated' ? 'person-activate' : 'person-deactivate')}
          </button>
        </form>
      ) : null}
      <h2>{t('person-contacts')}</h2>
      {contacts.length === 0 ? (
        <p class="muted">{t('person-contacts-none')}</p>
      ) : (
        <>
          <div class="table-wrap" tabindex={0}>
            <table class="contacts">
              <thead>
                <tr>
                  <th>{t('channel-column')}</th>
                  <th>{t('person-contact-user')}</th>
                  <th>{t('person-contact-status')}</th>
                  <th>{t('person-contact-preferred-column')}</th>
                </tr>
              </thead>
              <tbody>
                {contacts.map((contact) => (
                  <tr>
                    <td>{t(`channel-${contact.channel}`)}</td>
                    <td>{contact.userId}</td>
                    <td>{t(`person-contact-${contact.status}`)}</td>
                    <td>
                      {contact.preferred ? (
                        <strong>{t('person-contact-preferred')}</strong>
                      ) : writable ? (
                        <form method="post" action={`/people/${person.id}/preferred-contact`} class="inline">
                          <CsrfField c={c} />
                          <input type="hidden" name="contactId" value={String(contact.id)} />
                          <button type="submit" class="secondary">
                            {t('person-contact-make-preferred')}
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <FieldError errors={errors} name="contactId" />
          <p class="muted">{t('person-contact-preferred-hint')}</p>
        </>
      )}
      <p>
        <a href={`/topics/person/${person.id}`}>{t('topics-person-link')}</a>
      </p>
      <h2>{t('person-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} />
    </>,
  );
}
