import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { regionTimezone, type Municipality } from '../../core/directory/places.js';
import {
  canManageMunicipalities,
  createMunicipality,
  editMunicipality,
  municipalityForAdmin,
  municipalityOverview,
} from '../../core/directory/municipalities.js';
import { russianTimezones } from '../../core/directory/vocabulary.js';
import type { AdminEnv } from '../env.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { CsrfField, FieldError, formatDateTime, page, type PanelContext } from '../kit.js';
import { History } from '../views/history.js';

type Form = Record<string, string | string[]>;
type Translate = AdminEnv['Variables']['t'];

/** Municipalities: the list with counts that lead to the filtered lists; owners and editors create and rename. */
export function municipalitiesRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => listPage(c));

  app.post('/', validForm(formBody, { view: listPage }), async (c) => {
    const form = c.req.valid('form');
    const created = await createMunicipality(c.get('core'), c.get('actor'), { name: form.name ?? '', timezone: form.timezone ?? '' });
    return c.redirect(`/municipalities/${created.id}?done=municipality-created`, 303);
  });

  app.get('/:id{[0-9]+}', async (c) => cardPage(c, await municipalityForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')))));

  const showCard = async (c: PanelContext, typed: FormValues, errors: FieldErrors) =>
    cardPage(c, await municipalityForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), typed, errors);
  app.post('/:id{[0-9]+}', validForm(formBody, { view: showCard }), async (c) => {
    const id = Number(c.req.param('id'));
    const form = c.req.valid('form');
    await editMunicipality(c.get('core'), c.get('actor'), id, { name: form.name ?? '', timezone: form.timezone ?? '' });
    return c.redirect(`/municipalities/${id}?done=saved`, 303);
  });

  return app;
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value : '';
}

async function listPage(c: PanelContext, typed: Form = {}, errors?: Record<string, string>) {
  const t = c.get('t');
  const actor = c.get('actor');
  const rows = await municipalityOverview(c.get('core'), scopeOf(actor));
  return page(
    c,
    { title: t('municipalities-title'), section: '/municipalities', status: errors ? 400 : 200 },
    <>
      <h1>{t('municipalities-title')}</h1>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th>{t('municipality-name')}</th>
              <th>{t('municipalities-schools')}</th>
              <th>{t('municipalities-people')}</th>
              <th>{t('municipalities-pending')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr data-municipality={String(m.id)}>
                <td>
                  <a href={`/municipalities/${m.id}`}>{m.name}</a>
                  {m.timezone ? <span class="muted"> · {m.timezone}</span> : null}
                </td>
                <td>
                  <a href={`/schools?municipality=${m.id}`} data-count="schools">
                    {m.schools}
                  </a>
                </td>
                <td>
                  <a href={`/people?municipality=${m.id}`} data-count="people">
                    {m.people}
                  </a>
                </td>
                <td>
                  <a href="/approvals" data-count="pending" class={m.pending ? 'status-pending' : undefined}>
                    {m.pending}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p class="muted">{t('municipalities-empty')}</p> : null}
      {canManageMunicipalities(actor) ? (
        <>
          <h2>{t('municipality-new')}</h2>
          <form method="post" action="/municipalities" class="card">
            <CsrfField c={c} />
            <MunicipalityFields t={t} name={text(typed.name)} timezone={text(typed.timezone)} errors={errors} />
            <button type="submit">{t('municipality-create')}</button>
          </form>
        </>
      ) : null}
    </>,
  );
}

function MunicipalityFields(props: { t: Translate; name: string; timezone: string; errors?: Record<string, string> }) {
  const { t } = props;
  return (
    <>
      <div class="field">
        <label>
          {t('municipality-name')}
          <input name="name" value={props.name} size={60} />
        </label>
        <FieldError errors={props.errors} name="name" />
      </div>
      <div class="field">
        <label>
          {t('municipality-timezone')}
          <input name="timezone" value={props.timezone} size={30} list="zones" placeholder="Europe/Moscow" />
        </label>
        <datalist id="zones">
          {russianTimezones.map((z) => (
            <option value={z} />
          ))}
        </datalist>
        <span class="muted">{t('municipality-timezone-hint')}</span>
        <FieldError errors={props.errors} name="timezone" />
      </div>
    </>
  );
}

async function cardPage(c: PanelContext, m: Municipality, typed?: Form, errors?: Record<string, string>) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const [history, zone, rows] = await Promise.all([
    listAudit(core, scope, actor, { entity: 'municipality', entityId: String(m.id), limit: 30 }),
    regionTimezone(core),
    municipalityOverview(core, scope),
  ]);
  const counts = rows.find((r) => r.id === m.id);
  const writable = canManageMunicipalities(actor);
  return page(
    c,
    { title: m.name, section: '/municipalities', status: errors ? 400 : 200, flash: errors ? { text: t('http-400'), bad: true } : undefined },
    <>
      <h1>{m.name}</h1>
      <p>
        <a href={`/schools?municipality=${m.id}`}>{t('municipality-schools-link', { count: counts?.schools ?? 0 })}</a>
        {' · '}
        <a href={`/people?municipality=${m.id}`}>{t('municipality-people-link', { count: counts?.people ?? 0 })}</a>
        {' · '}
        <a href="/approvals">{t('municipality-pending-link', { count: counts?.pending ?? 0 })}</a>
      </p>
      <p class="muted">
        {t('municipality-timezone')}: {m.timezone ?? t('municipality-timezone-region', { zone })}
        {' · '}
        {t('municipality-created-at', { date: formatDateTime(m.createdAt, zone) })}
      </p>
      <form method="post" action={`/municipalities/${m.id}`} class="card">
        <CsrfField c={c} />
        <fieldset disabled={!writable} class="bare">
          <MunicipalityFields t={t} name={typed ? text(typed.name) : m.name} timezone={typed ? text(typed.timezone) : (m.timezone ?? '')} errors={errors} />
          <button type="submit">{t('save')}</button>
        </fieldset>
      </form>
      <h2>{t('municipality-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('school-history-empty')} />
    </>,
  );
}
