import type { AdminListRow } from '../../../core/admins/management.js';
import type { Municipality } from '../../../core/directory/places.js';
import { CsrfField, FieldError, formatDateTime, type PanelContext } from '../../kit.js';
import { municipalityNames, PasswordFields, ProfileFields, type ProfileValues } from './fields.js';

/** Every admin account with its state and sessions, and the form for a new one. */
export function AdminsList(props: {
  c: PanelContext;
  rows: AdminListRow[];
  municipalities: Municipality[];
  zone: string;
  values: ProfileValues;
  errors?: Record<string, string>;
}) {
  const { c, rows, municipalities, zone, values } = props;
  const t = c.get('t');
  const form = props.errors ? { errors: props.errors } : undefined;
  return (
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
    </>
  );
}

/** A generated password, shown on this response only: it is stored hashed and never appears again. */
export function PasswordOnce(props: { c: PanelContext; admin: { id: number; email: string }; password: string; kind: 'created' | 'reset' }) {
  const { admin, password, kind } = props;
  const t = props.c.get('t');
  return (
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
    </>
  );
}
