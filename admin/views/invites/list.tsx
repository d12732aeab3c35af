import { personRoles } from '../../../core/directory/vocabulary.js';
import type { SchoolRow } from '../../../core/directory/directory.js';
import { inviteStatuses, type InviteFilter, type InviteRow } from '../../../core/onboarding/invites.js';
import { CsrfField, FieldError, formatDateTime, type PanelContext } from '../../kit.js';
import { Pager, Select } from '../components.js';

/** What the create form holds, as typed. */
export interface InviteForm {
  role: string;
  schoolId: string;
  municipalityId: string;
  maxUses: string;
  validDays: string;
}

export const blankForm: InviteForm = { role: 'teacher', schoolId: '', municipalityId: '', maxUses: '1', validDays: '14' };

/** Where an invite registers people: its school (with municipality) or its municipality. */
export function place(row: InviteRow): string {
  if (row.school) return row.municipality ? `${row.school.shortName} (${row.municipality.name})` : row.school.shortName;
  return row.municipality?.name ?? '—';
}

/** The create form (for the roles the admin may invite), the filters and the invites in scope. */
export function InvitesList(props: {
  c: PanelContext;
  roles: readonly string[];
  schools: SchoolRow[];
  municipalities: { id: number; name: string }[];
  rows: InviteRow[];
  filter: InviteFilter;
  raw: Record<string, string>;
  nextBefore: number | null;
  zone: string;
  form: InviteForm;
  errors?: Record<string, string>;
}) {
  const { c, roles, schools, municipalities, rows, filter, raw, nextBefore, zone, form, errors } = props;
  const t = c.get('t');
  return (
    <>
      <h1>{t('invites-title')}</h1>
      <p class="muted">{t('invites-hint')}</p>
      {roles.length ? (
        <form method="post" action="/invites" class="card" id="new-invite">
          <CsrfField c={c} />
          <h2 class="mt-0">{t('invites-new')}</h2>
          <div class="field">
            <Select label={t('field-role')} name="role" value={form.role} options={roles.map((r) => [r, t(`role-${r}`)])} errors={errors} />
          </div>
          <p class="muted">{t('invites-place-hint')}</p>
          <div class="field">
            <Select
              label={t('field-school')}
              name="schoolId"
              value={form.schoolId}
              options={schools.map((s) => [s.school.id, `${s.school.shortName} (${s.municipality})`])}
              empty={t('invites-no-school')}
              errors={errors}
            />
          </div>
          <div class="field">
            <Select
              label={t('field-municipality')}
              name="municipalityId"
              value={form.municipalityId}
              options={municipalities.map((m) => [m.id, m.name])}
              empty={t('invites-no-municipality')}
              errors={errors}
            />
          </div>
          <div class="field">
            <label>
              {t('invites-max-uses')}
              <input name="maxUses" type="number" min="1" max="10000" value={form.maxUses} />
            </label>
            <FieldError errors={errors} name="maxUses" />
          </div>
          <div class="field">
            <label>
              {t('invites-valid-days')}
              <input name="validDays" type="number" min="1" max="365" value={form.validDays} />
            </label>
            <FieldError errors={errors} name="validDays" />
          </div>
          <button type="submit">{t('invites-create')}</button>
        </form>
      ) : (
        <p class="muted">{t('invites-cannot-create')}</p>
      )}
      <form class="filters" method="get" action="/invites">
        <label>
          {t('field-status')}
          <select name="status">
            <option value="">{t('any')}</option>
            {inviteStatuses.map((s) => (
              <option value={s} selected={filter.status === s}>
                {t(`invites-status-${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('field-role')}
          <select name="role">
            <option value="">{t('any')}</option>
            {personRoles.map((r) => (
              <option value={r} selected={filter.role === r}>
                {t(`role-${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('filter-apply')}</button>
        <a href="/invites">{t('filter-reset')}</a>
      </form>
      {rows.length === 0 ? (
        <p class="muted">{t('invites-empty')}</p>
      ) : (
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th>№</th>
                <th>{t('field-role')}</th>
                <th>{t('invites-place')}</th>
                <th>{t('invites-uses')}</th>
                <th>{t('invites-expires')}</th>
                <th class="hide-phone">{t('invites-created-by')}</th>
                <th>{t('field-status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr data-invite={String(row.invite.id)}>
                  <td>
                    <a href={`/invites/${row.invite.id}`}>{row.invite.id}</a>
                  </td>
                  <td>{t(`role-${row.invite.role}`)}</td>
                  <td>{place(row)}</td>
                  <td>{t('invites-uses-of', { uses: row.invite.uses, max: row.invite.maxUses })}</td>
                  <td>{formatDateTime(row.invite.expiresAt, zone)}</td>
                  <td class="hide-phone">{row.invite.createdBy}</td>
                  <td class={row.status === 'active' ? 'status-active' : 'muted'} data-status={row.status}>
                    {t(`invites-status-${row.status}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager query={raw} before={filter.before} nextBefore={nextBefore} first={t('pager-first')} next={t('pager-next')} />
    </>
  );
}
