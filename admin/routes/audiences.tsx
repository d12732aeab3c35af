import { Hono } from 'hono';
import { canWrite, composingScope, scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import { countAudience, listAudienceRecipients } from '../../core/audiences/audiences.js';
import {
  archiveSavedAudience,
  createSavedAudience,
  savedAudienceForAdmin,
  updateSavedAudience,
  type SavedAudience,
  type SavedAudienceInput,
} from '../../core/audiences/saved.js';
import { regionTimezone } from '../../core/directory/places.js';
import type { AdminEnv } from '../env.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { CsrfField, FieldError, page, str, type PanelContext } from '../kit.js';
import {
  AudiencePicker,
  audienceOfForm,
  audienceQuery,
  audienceToForm,
  countAudienceForm,
  describeAudience,
  loadAudiencePicker,
  readAudienceForm,
} from '../views/audience-picker.js';
import { AudienceRecipients } from '../views/audiences/recipients.js';
import { Select } from '../views/components.js';
import { History } from '../views/history.js';

/** The query string as form values (a repeated name becomes a list, as in a posted form). */
function queryForm(c: PanelContext): FormValues {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

function formToInput(form: FormValues): SavedAudienceInput {
  return {
    name: str(form.name),
    rule: readAudienceForm(form),
    municipalityId: str(form.municipalityId) ? Number(str(form.municipalityId)) : null,
  };
}

function audienceToValues(audience: SavedAudience): FormValues {
  return { name: audience.name, municipalityId: audience.municipalityId === null ? '' : String(audience.municipalityId), ...audienceToForm(audience.rule) };
}

/** Saved audiences: named rules every composer offers; and the live count every audience picker asks for. */
export function audiencesRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', async (c) => listPage(c));

  /** The picker's live count: the rule in the query, within the owning municipality and the actor's scope. */
  app.get('/count', async (c) => {
    const count = await countAudienceForm(c.get('core'), c.get('actor'), queryForm(c));
    return c.json({ count, text: c.get('t')('audience-count', { count }) });
  });

  /** The people behind the count: the same rule and scope, a page at a time. */
  app.get('/recipients', async (c) => {
    const t = c.get('t');
    const core = c.get('core');
    const actor = c.get('actor');
    const form = queryForm(c);
    const audience = audienceOfForm(actor, form);
    const before = Number(str(form.before)) || undefined;
    const [data, found] = await Promise.all([
      loadAudiencePicker(core, actor),
      audience ? listAudienceRecipients(core, audience.rule, audience.scope, { before }) : { rows: [], total: 0, nextBefore: null },
    ]);
    return page(
      c,
      { title: t('audience-recipients-title'), section: '/audiences' },
      <AudienceRecipients
        c={c}
        rule={describeAudience(t, readAudienceForm(form), data)}
        {...found}
        query={Object.fromEntries(new URLSearchParams(audienceQuery(form)))}
        before={before}
      />,
    );
  });

  app.get('/new', async (c) => formPage(c, null, {}));

  app.post('/', validForm(formBody, { view: (c, values, errors) => formPage(c, null, values, errors) }), async (c) => {
    const created = await createSavedAudience(c.get('core'), c.get('actor'), formToInput(c.req.valid('form')));
    return c.redirect(`/audiences/${created.id}?done=saved`, 303);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const audience = await savedAudienceForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return formPage(c, audience, audienceToValues(audience));
  });

  const showSaved = async (c: PanelContext, values: FormValues, errors: FieldErrors) =>
    formPage(c, await savedAudienceForAdmin(c.get('core'), c.get('actor'), Number(c.req.param('id'))), values, errors);
  app.post('/:id{[0-9]+}', validForm(formBody, { view: showSaved }), async (c) => {
    const id = Number(c.req.param('id'));
    await updateSavedAudience(c.get('core'), c.get('actor'), id, formToInput(c.req.valid('form')));
    return c.redirect(`/audiences/${id}?done=saved`, 303);
  });

  app.post('/:id{[0-9]+}/archive', async (c) => {
    await archiveSavedAudience(c.get('core'), c.get('actor'), Number(c.req.param('id')));
    return c.redirect('/audiences?done=audience-archived', 303);
  });

  return app;
}

async function listPage(c: PanelContext) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const data = await loadAudiencePicker(core, actor);
  const counts = await Promise.all(data.saved.map((s) => countAudience(core, s.rule, composingScope(actor, s.municipalityId))));
  const municipalityName = (id: number | null) => (id === null ? t('audience-regional') : (data.municipalities.find((m) => m.id === id)?.name ?? `#${id}`));
  return page(
    c,
    { title: t('audiences-title'), section: '/audiences' },
    <>
      <h1>{t('audiences-title')}</h1>
      <p class="muted">{t('audiences-intro')}</p>
      {canWrite(actor) ? (
        <p>
          <a class="button" href="/audiences/new">
            {t('audiences-new')}
          </a>
        </p>
      ) : null}
      {data.saved.length === 0 ? (
        <p class="muted">{t('audiences-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>{t('audience-name')}</th>
                <th>{t('audience-rule')}</th>
                <th>{t('audience-owner')}</th>
                <th>{t('audience-recipients')}</th>
              </tr>
            </thead>
            <tbody>
              {data.saved.map((s, i) => (
                <tr data-audience={String(s.id)}>
                  <td>
                    <a href={`/audiences/${s.id}`}>{s.name}</a>
                  </td>
                  <td>{describeAudience(t, s.rule, data)}</td>
                  <td>{municipalityName(s.municipalityId)}</td>
                  <td data-count>{counts[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
}

async function formPage(c: PanelContext, audience: SavedAudience | null, values: FormValues, errors?: Record<string, string>) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [data, count, zone, history] = await Promise.all([
    loadAudiencePicker(core, actor),
    countAudienceForm(core, actor, values),
    regionTimezone(core),
    audience ? listAudit(core, scopeOf(actor), actor, { entity: 'audience', entityId: String(audience.id), limit: 20 }) : Promise.resolve([]),
  ]);
  const title = audience ? audience.name : t('audiences-new');
  const writable = canWrite(actor) && !(audience?.municipalityId === null && actor.role === 'coordinator');
  return page(
    c,
    { title, section: '/audiences', status: errors ? 400 : 200 },
    <>
      <h1>{title}</h1>
      <form method="post" action={audience ? `/audiences/${audience.id}` : '/audiences'}>
        <CsrfField c={c} />
        <fieldset disabled={!writable}>
          <div class="field">
            <label>
              {t('audience-name')}
              <input name="name" value={str(values.name)} size={60} required />
            </label>
            <FieldError errors={errors} name="name" />
          </div>
          <div class="field">
            <Select
              label={t('audience-owner')}
              name="municipalityId"
              value={str(values.municipalityId)}
              options={data.municipalities.map((m) => [m.id, m.name])}
              empty={scopeOf(actor).all ? t('audience-regional') : undefined}
              errors={errors}
            />
          </div>
          <AudiencePicker c={c} data={data} values={values} count={count} errors={errors} />
          <button type="submit">{t('audience-save')}</button>
        </fieldset>
      </form>
      {audience && writable && audience.archivedAt === null ? (
        <form method="post" action={`/audiences/${audience.id}/archive`} data-confirm={t('confirm-audience-archive')}>
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {t('audience-archive')}
          </button>
        </form>
      ) : null}
      {audience ? (
        <>
          <h2>{t('person-history')}</h2>
          <History c={c} entries={history} zone={zone} empty={t('person-history-empty')} />
        </>
      ) : null}
    </>,
  );
}
