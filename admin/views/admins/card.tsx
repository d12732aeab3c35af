import type { AuditEntry } from '../../../core/admins/audit.js';
import type { AdminProfile, SessionInfo } from '../../../core/admins/management.js';
import type { Municipality } from '../../../core/directory/places.js';
import { CsrfField, formatDateTime, type PanelContext } from '../../kit.js';
import { SessionsTable } from '../account/sessions.js';
import { History } from '../history.js';
import { PasswordFields, ProfileFields, type ProfileValues } from './fields.js';

/** What a card's forms came back with: values and errors of the profile, errors of the password form. */
export interface AdminCardState {
  values?: ProfileValues;
  errors?: Record<string, string>;
  passwordErrors?: Record<string, string>;
  generate?: boolean;
}

/** An admin's card: state, profile, password reset, disable and sign-out, live sessions, history. */
export function AdminCard(props: {
  c: PanelContext;
  admin: AdminProfile;
  municipalities: Municipality[];
  zone: string;
  sessions: SessionInfo[];
  history: AuditEntry[];
  options: AdminCardState;
}) {
  const { c, admin, municipalities, zone, sessions, history, options } = props;
  const t = c.get('t');
  const actor = c.get('actor');
  const values = options.values ?? { name: admin.name ?? '', role: admin.role, municipalityIds: admin.municipalityIds.map(String) };
  const disabled = admin.disabledAt !== null;
  const self = actor.id === admin.id;
  return (
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
    </>
  );
}
