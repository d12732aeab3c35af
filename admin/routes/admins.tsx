import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { scopeOf } from '../../core/admins/access.js';
import { listAudit } from '../../core/admins/audit.js';
import {
  adminForOwner,
  adminProfileSchema,
  adminRoles,
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
import { parseInput } from '../../core/errors.js';
import { listMunicipalities, regionTimezone, type Municipality } from '../../core/directory/places.js';
import type { AdminEnv } from '../env.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, isDomainError, list, page, readForm, type PanelContext } from '../kit.js';
import { SessionsTable } from './account.js';
import { History } from '../views/history.js';

/** What a profile form holds, as typed (kept when the form comes back with errors). */
interface ProfileValues {
  email?: string;
  name: string;
  role: string;
  municipalityIds: string[];
  generate?: boolean;
}

const text = (value: string | string[] | undefined): string => (typeof value === 'string' ? value : '');

/** Admin accounts, for owners only: every route here answers 403 to anyone else. */
export function adminsRoutes() {
  const app = new Hono<AdminEnv>();

  app.use('*', async (c, next) => {
    if (c.get('actor').role !== 'owner') throw new HTTPException(403, { message: 'owners only' });
    await next();
  });

  app.get('/', (c) => listPage(c));

  app.post('/', async (c) => {
    const form = await readForm(c);
    const values: ProfileValues = {
      email: text(form.email),
      name: text(form.name),
      role: text(form.role),
      municipalityIds: list(form.municipalityIds),
      generate: form.generate === '1',
    };
    try {
      const { admin, password } = await createAdminAccount(c.get('core'), c.get('actor'), { ...values, password: text(form.password) });
      if (password !== undefined) return passwordOnce(c, admin, password, 'created');
      return c.redirect(`/admins/${admin.id}?done=admin-created`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return listPage(c, { values, errors: fieldErrors(error, c.get('t')) }, 400);
    }
  });

  app.get('/:id{[0-9]+}', async (c) => cardPage(c, await adminForOwner(c.get('core'), c.get('actor'), Number(c.req.param('id')))));

  app.post('/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const values: ProfileValues = { name: text(form.name), role: text(form.role), municipalityIds: list(form.municipalityIds) };
    try {
      await updateAdminProfile(c.get('core'), c.get('actor'), id, parseInput(adminProfileSchema, values));
      return c.redirect(`/admins/${id}?done=saved`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const admin = await adminForOwner(c.get('core'), c.get('actor'), id);
      return cardPage(c, admin, { values, errors: fieldErrors(error, c.get('t')), status: 400 });
    }
  });

  app.post('/:id{[0-9]+}/password', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const generate = form.generate === '1';
    try {
      const choice = parseInput(passwordChoiceSchema, { password: text(form.password), generate });
      const { password } = await resetAdminPassword(c.get('core'), c.get('actor'), id, choice);
      const admin = await adminForOwner(c.get('core'), c.get('actor'), id);
      if (password !== undefined) return passwordOnce(c, admin, password, 'reset');
      return c.redirect(`/admins/${id}?done=admin-password-reset`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const admin = await adminForOwner(c.get('core'), c.get('actor'), id);
      return cardPage(c, admin, { passwordErrors: fieldErrors(error, c.get('t')), generate, status: 400 });
    }
  });

  app.post('/:id{[0-9]+}/status', async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const enable = form.active === '1';
    try {
      await setAdminDisabled(c.get('core'), c.get('actor'), id, !enable);
      return c.redirect(`/admins/${id}?done=${enable ? 'admin-enabled' : 'admin-disabled'}`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      const admin = await adminForOwner(c.get('core'), c.get('actor'), id);
      return cardPage(c, admin, { flash: fieldErrors(error, c.get('t')).status, status: 400 });
    }
  });

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
    <>
      <h1>{t('admins-title')}</h1>
      <div class="table-wrap" tabindex={0}>
        <table data-admins={String(rows.length)}>
          <thead>
            <tr>
              <th>{t('admins-email')}</th>
              <th>{t('admins-name')}</th>
              <th>{t('field-role')}</th>
              <th class="hide-phone">{t('admins-municipalities')}</th>
              <th class="hide-phone">{t('admins-created')}</th>
              <th>{t('field-status')}</th>
              <th>{t('admins-sessions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr data-admin-id={String(a.id)}>
                <td>
                  <a href={`/admins/${a.id}`}>{a.email}</a>
                </td>
                <td>{a.name ?? '—'}</td>
                <td>{t(`admin-role-${a.role}`)}</td>
                <td class="hide-phone">{municipalityNames(a.municipalityIds, municipalities)}</td>
                <td class="hide-phone">{formatDateTime(a.createdAt, zone)}</td>
                <td class={a.disabledAt === null ? 'status-active' : 'status-deactivated'}>
                  {a.disabledAt === null ? t('admins-active') : t('admins-disabled-since', { date: formatDateTime(a.disabledAt, zone) })}
                </td>
                <td data-sessions={String(a.activeSessions)}>{a.activeSessions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="new">{t('admins-new')}</h2>
      <form method="post" action="/admins" class="card">
        <CsrfField c={c} />
        <div class="field">
          <label>
            {t('admins-email')}
            <input name="email" type="email" value={values.email ?? ''} required size={40} autocomplete="off" />
          </label>
          <FieldError errors={form?.errors} name="email" />
        </div>
        <ProfileFields c={c} values={values} errors={form?.errors} municipalities={municipalities} />
        <PasswordFields c={c} generate={values.generate ?? false} errors={form?.errors} />
        <button type="submit">{t('admins-create')}</button>
      </form>
    </>,
  );
}

async function cardPage(
  c: PanelContext,
  admin: AdminProfile,
  options: {
    values?: ProfileValues;
    errors?: Record<string, string>;
    passwordErrors?: Record<string, string>;
    generate?: boolean;
    flash?: string | undefined;
    status?: 200 | 400;
  } = {},
) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const [municipalities, zone, sessions, history] = await Promise.all([
    listMunicipalities(core),
    regionTimezone(core),
    listLiveSessions(core, admin.id),
    listAudit(core, scopeOf(actor), actor, { entity: 'admin', entityId: String(admin.id), limit: 20 }),
  ]);
  const values = options.values ?? { name: admin.name ?? '', role: admin.role, municipalityIds: admin.municipalityIds.map(String) };
  const disabled = admin.disabledAt !== null;
  const self = actor.id === admin.id;
  return page(
    c,
    {
      title: admin.email,
      section: '/admins',
      status: options.status ?? 200,
      flash: options.flash || options.status === 400 ? { text: options.flash ?? t('http-400'), bad: true } : undefined,
    },
    <>
      <p>
        <a href="/admins">← {t('admins-title')}</a>
      </p>
      <h1>{admin.email}</h1>
      <p>
        {t(`admin-role-${admin.role}`)}
        {' · '}
        <span class={disabled ? 'status-deactivated' : 'status-active'} data-disabled={disabled ? '1' : '0'}>
          {disabled ? t('admins-disabled-since', { date: formatDateTime(admin.disabledAt, zone) }) : t('admins-active')}
        </span>
        {' · '}
        <span class="muted">{t('admins-created-at', { date: formatDateTime(admin.createdAt, zone) })}</span>
        {self ? (
          <>
            {' · '}
            <a href="/account">{t('admins-this-is-you')}</a>
          </>
        ) : null}
      </p>

      <h2>{t('admins-profile')}</h2>
      <form method="post" action={`/admins/${admin.id}`} class="card">
        <CsrfField c={c} />
        <ProfileFields c={c} values={values} errors={options.errors} municipalities={municipalities} />
        <button type="submit">{t('save')}</button>
      </form>

      <h2>{t('admins-reset-password')}</h2>
      <form method="post" action={`/admins/${admin.id}/password`} class="card">
        <CsrfField c={c} />
        <PasswordFields c={c} generate={options.generate ?? false} errors={options.passwordErrors} />
        <p class="muted">{t('admins-reset-password-hint')}</p>
        <button type="submit">{t('admins-reset-password-submit')}</button>
      </form>

      <h2>{t('admins-access')}</h2>
      <div class="card">
        <form method="post" action={`/admins/${admin.id}/status`} class="inline">
          <CsrfField c={c} />
          <input type="hidden" name="active" value={disabled ? '1' : '0'} />
          <button type="submit" class={disabled ? 'secondary' : 'danger'}>
            {t(disabled ? 'admins-enable' : 'admins-disable')}
          </button>
        </form>{' '}
        <form method="post" action={`/admins/${admin.id}/sessions`} class="inline">
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {t('admins-revoke-sessions')}
          </button>
        </form>
        <p class="muted">{t('admins-disable-hint')}</p>
      </div>

      <h2>{t('admins-live-sessions')}</h2>
      <SessionsTable c={c} sessions={sessions} zone={zone} currentId={self ? c.get('session').id : undefined} />

      <h2>{t('admins-history')}</h2>
      <History c={c} entries={history} zone={zone} empty={t('admins-history-empty')} />
      <p>
        <a href={`/audit?entity=admin&entityId=${admin.id}`}>{t('admins-history-all')}</a>
      </p>
    </>,
  );
}

/** A generated password, shown on this response only: it is stored hashed and never appears again. */
function passwordOnce(c: PanelContext, admin: AdminProfile, password: string, kind: 'created' | 'reset') {
  const t = c.get('t');
  c.header('cache-control', 'no-store');
  return page(
    c,
    { title: t(kind === 'created' ? 'admins-created-title' : 'admins-reset-title'), section: '/admins' },
    <>
      <h1>{t(kind === 'created' ? 'admins-created-title' : 'admins-reset-title')}</h1>
      <div class="card">
        <p>
          {t('admins-email')}: <b>{admin.email}</b>
        </p>
        <p>
          {t('admins-password')}:{' '}
          <code data-password class="secret">
            {password}
          </code>
        </p>
        <p class="error">{t('admins-password-once')}</p>
      </div>
      <p>
        <a href={`/admins/${admin.id}`}>{t('admins-open-card')}</a>
        {' · '}
        <a href="/admins">{t('admins-back-to-list')}</a>
      </p>
    </>,
  );
}

function ProfileFields(props: { c: PanelContext; values: ProfileValues; errors?: Record<string, string>; municipalities: Municipality[] }) {
  const t = props.c.get('t');
  const { values, errors } = props;
  return (
    <>
      <div class="field">
        <label>
          {t('admins-name')}
          <input name="name" value={values.name} size={40} />
        </label>
        <FieldError errors={errors} name="name" />
      </div>
      <div class="field">
        <label>
          {t('field-role')}
          <select name="role">
            {adminRoles.map((r) => (
              <option value={r} selected={values.role === r}>
                {t(`admin-role-${r}`)}
              </option>
            ))}
          </select>
        </label>
        <FieldError errors={errors} name="role" />
      </div>
      <div class="field">
        <span class="muted">{t('admins-municipalities-hint')}</span>
        <div class="checks">
          {props.municipalities.map((m) => (
            <label>
              <input type="checkbox" name="municipalityIds" value={String(m.id)} checked={values.municipalityIds.includes(String(m.id))} /> {m.name}
            </label>
          ))}
        </div>
        <FieldError errors={errors} name="municipalityIds" />
      </div>
    </>
  );
}

function PasswordFields(props: { c: PanelContext; generate: boolean; errors?: Record<string, string> }) {
  const t = props.c.get('t');
  return (
    <div class="field">
      <label>
        {t('admins-password')}
        <input name="password" type="password" autocomplete="new-password" size={30} />
      </label>
      <div class="checks">
        <label>
          <input type="checkbox" name="generate" value="1" checked={props.generate} /> {t('admins-generate-password')}
        </label>
      </div>
      <FieldError errors={props.errors} name="password" />
    </div>
  );
}

function municipalityNames(ids: number[], all: Municipality[]): string {
  if (ids.length === 0) return '—';
  return ids.map((id) => all.find((m) => m.id === id)?.name ?? `#${id}`).join(', ');
}
