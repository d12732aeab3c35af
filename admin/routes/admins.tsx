import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import {
  adminForOwner,
  adminProfileSchema,
  createAdminAccount,
  listAdmins,
  listLiveSessions,
  passwordChoiceSchema,
  resetAdminPassword,
  revokeAdminSessions,
  setAdminDisabled,
  updateAdminProfile,
  type AdminProfile,
} from '../../core/admins/management.js';
import { listMunicipalities, regionTimezone } from '../../core/directory/places.js';
import type { AdminEnv } from '../env.js';
import { formBody, validForm, type FieldErrors, type FormValues } from '../forms.js';
import { list, page, type PanelContext } from '../kit.js';
import { type AdminCardState, AdminCard } from '../views/admins/card.js';
import type { ProfileValues } from '../views/admins/fields.js';
import { AdminsList, PasswordOnce } from '../views/admins/list.js';

const text = (value: string | string[] | undefined): string => (typeof value === 'string' ? value : '');

/** An account's name, role and municipalities as the card's form sends them. */
const profileValues = (form: FormValues): ProfileValues => ({ name: text(form.name), role: text(form.role), municipalityIds: list(form.municipalityIds) });
/** A new account's fields: its e-mail and whether to make up its password, besides the profile. */
const newProfileValues = (form: FormValues): ProfileValues => ({ ...profileValues(form), email: text(form.email), generate: form.generate === '1' });
const profileForm = formBody.transform((form): Record<string, unknown> => ({ ...profileValues(form) })).pipe(adminProfileSchema);
const passwordForm = formBody.transform((form) => ({ password: text(form.password), generate: form.generate === '1' })).pipe(passwordChoiceSchema);

/** Admin accounts, for owners only: every route here answers 403 to anyone else. */
export function adminsRoutes() {
  const app = new Hono<AdminEnv>();

  app.use('*', async (c, next) => {
    if (c.get('actor').role !== 'owner') throw new HTTPException(403, { message: 'owners only' });
    await next();
  });

  app.get('/', (c) => listPage(c));

  app.post('/', validForm(formBody, { view: (c, values, errors) => listPage(c, { values: newProfileValues(values), errors }, 400) }), async (c) => {
    const form = c.req.valid('form');
    const { admin, password } = await createAdminAccount(c.get('core'), c.get('actor'), { ...newProfileValues(form), password: text(form.password) });
    if (password !== undefined) return passwordOnce(c, admin, password, 'created');
    return c.redirect(`/admins/${admin.id}?done=admin-created`, 303);
  });

  app.get('/:id{[0-9]+}', async (c) => cardPage(c, await adminForOwner(c.get('core'), c.get('actor'), Number(c.req.param('id')))));

  /** The card again, as typed, with the messages of one of its forms (400). */
  const showCard = (state: (values: FormValues, errors: FieldErrors) => AdminCardState & { flash?: string | undefined }) => ({
    view: async (c: PanelContext, values: FormValues, errors: FieldErrors) =>
      cardPage(c, await adminForOwner(c.get('core'), c.get('actor'), Number(c.req.param('id'))), { ...state(values, errors), status: 400 }),
  });

  app.post(
    '/:id{[0-9]+}',
    validForm(
      profileForm,
      showCard((values, errors) => ({ values: profileValues(values), errors })),
    ),
    async (c) => {
      const id = Number(c.req.param('id'));
      await updateAdminProfile(c.get('core'), c.get('actor'), id, c.req.valid('form'));
      return c.redirect(`/admins/${id}?done=saved`, 303);
    },
  );

  app.post(
    '/:id{[0-9]+}/password',
    validForm(
      passwordForm,
      showCard((values, errors) => ({ passwordErrors: errors, generate: values.generate === '1' })),
    ),
    async (c) => {
      const id = Number(c.req.param('id'));
      const { password } = await resetAdminPassword(c.get('core'), c.get('actor'), id, c.req.valid('form'));
      const admin = await adminForOwner(c.get('core'), c.get('actor'), id);
      if (password !== undefined) return passwordOnce(c, admin, password, 'reset');
      return c.redirect(`/admins/${id}?done=admin-password-reset`, 303);
    },
  );

  app.post(
    '/:id{[0-9]+}/status',
    validForm(
      formBody,
      showCard((_values, errors) => ({ flash: errors.status })),
    ),
    async (c) => {
      const id = Number(c.req.param('id'));
      const enable = c.req.valid('form').active === '1';
      await setAdminDisabled(c.get('core'), c.get('actor'), id, !enable);
      return c.redirect(`/admins/${id}?done=${enable ? 'admin-enabled' : 'admin-disabled'}`, 303);
    },
  );

  app.post('/:id{[0-9]+}/sessions', async (c) => {
    const id = Number(c.req.param('id'));
    await revokeAdminSessions(c.get('core'), c.get('actor'), id);
    return c.redirect(`/admins/${id}?done=admin-sessions-revoked`, 303);
  });

  return app;
}

async function listPage(c: PanelContext, form?: { values: ProfileValues; errors: Record<string, string> }, status: 200 | 400 = 200) {
  const t = c.get('t');
  const core = c.get('core');
  const [rows, municipalities, zone] = await Promise.all([listAdmins(core, c.get('actor')), listMunicipalities(core), regionTimezone(core)]);
  const values = form?.values ?? { email: '', name: '', role: 'editor', municipalityIds: [], generate: false };
  return page(
    c,
    { title: t('admins-title'), section: '/admins', status, flash: form ? { text: t('http-400'), bad: true } : undefined },
    <AdminsList c={c} rows={rows} municipalities={municipalities} zone={zone} values={values} errors={form?.errors} />,
  );
}

async function cardPage(c: PanelContext, admin: AdminProfile, options: AdminCardState & { flash?: string | undefined; status?: 200 | 400 } = {}) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [municipalities, zone, sessions, history] = await Promise.all([
    listMunicipalities(core),
    regionTimezone(core),
    listLiveSessions(core, admin.id),
    listAudit(core, scopeOf(actor), actor, { entity: 'admin', entityId: String(admin.id), limit: 20 }),
  ]);
  return page(
    c,
    {
      title: admin.email,
      section: '/admins',
      status: options.status ?? 200,
      flash: options.flash || options.status === 400 ? { text: options.flash ?? t('http-400'), bad: true } : undefined,
    },
    <AdminCard c={c} admin={admin} municipalities={municipalities} zone={zone} sessions={sessions} history={history} options={options} />,
  );
}

/** A generated password, on this response only (not cached). */
function passwordOnce(c: PanelContext, admin: AdminProfile, password: string, kind: 'created' | 'reset') {
  const t = c.get('t');
  c.header('cache-control', 'no-store');
  return page(
    c,
    { title: t(kind === 'created' ? 'admins-created-title' : 'admins-reset-title'), section: '/admins' },
    <PasswordOnce c={c} admin={admin} password={password} kind={kind} />,
  );
}
