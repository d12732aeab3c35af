import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { listSchools, municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import type { PersonRole } from '../../core/directory/vocabulary.js';
import { personRoles } from '../../core/directory/vocabulary.js';
import {
  canManageInvite,
  createInvite,
  inviteFilterSchema,
  inviteForAdmin,
  inviteLink,
  inviteRolesFor,
  inviteStatuses,
  listInvites,
  peopleByInvite,
  revokeInvite,
  type InviteFilter,
  type InviteRow,
  type NewInvite,
} from '../../core/onboarding/invites.js';
import type { AdminEnv } from '../env.js';
import { CsrfField, FieldError, fieldErrors, formatDateTime, isDomainError, page, queryFilters, readForm, type PanelContext } from '../kit.js';
import { Pager, Select } from '../views/components.js';

/** What the create form holds, as typed. */
interface InviteForm {
  role: string;
  schoolId: string;
  municipalityId: string;
  maxUses: string;
  validDays: string;
}

const blankForm: InviteForm = { role: 'teacher', schoolId: '', municipalityId: '', maxUses: '1', validDays: '14' };

/** Invite links: the list in scope, a create form, and a card with the link, its uses and revoke. */
export function invitesRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => listPage(c));

  app.post('/', async (c) => {
    const form = await readForm(c);
    const typed: InviteForm = {
      role: text(form.role),
      schoolId: text(form.schoolId),
      municipalityId: text(form.municipalityId),
      maxUses: text(form.maxUses),
      validDays: text(form.validDays),
    };
    // Only the shape is set here; createInvite validates every field (and the actor's rights) at the domain's edge.
    const input = {
      role: typed.role as PersonRole,
      ...(typed.schoolId ? { schoolId: typed.schoolId } : {}),
      ...(typed.municipalityId ? { municipalityId: typed.municipalityId } : {}),
      maxUses: typed.maxUses,
      validDays: typed.validDays,
    } satisfies NewInvite;
    try {
      const { invite } = await createInvite(c.get('core'), input, c.get('actor'));
      return c.redirect(`/invites/${invite.id}?done=invite-created`, 303);
    } catch (error) {
      if (!isDomainError(error, 'invalid-input')) throw error;
      return listPage(c, { form: typed, errors: fieldErrors(error, c.get('t')), status: 400 });
    }
  });

  app.get('/:id{[0-9]+}', (c) => cardPage(c, Number(c.req.param('id'))));

  app.post('/:id{[0-9]+}/revoke', async (c) => {
    const id = Number(c.req.param('id'));
    const revoked = await revokeInvite(c.get('core'), c.get('actor'), id);
    return c.redirect(`/invites/${id}?done=${revoked ? 'invite-revoked' : 'invite-already-revoked'}`, 303);
  });

  return app;
}

function text(value: string | string[] | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

async function listPage(c: PanelContext, options: { form?: InviteForm; errors?: Record<string, string>; status?: 200 | 400 } = {}) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const scope = scopeOf(actor);
  const raw = queryFilters(c);
  const parsed = inviteFilterSchema.safeParse(raw);
  const filter: InviteFilter = parsed.success ? parsed.data : {};
  const roles = inviteRolesFor(actor);
  const [{ rows, nextBefore }, schools, municipalities, zone] = await Promise.all([
    listInvites(core, scope, filter),
    roles.length ? listSchools(core, scope) : Promise.resolve([]),
    roles.length ? municipalitiesInScope(core, scope) : Promise.resolve([]),
    regionTimezone(core),
  ]);
  const form = options.form ?? blankForm;
  const errors = options.errors;
  return page(
    c,
    {
      title: t('invites-title'),
      section: '/invites',
      status: options.status ?? 200,
      flash: parsed.success ? undefined : { text: t('invites-bad-filter'), bad: true },
    },
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
    </>,
  );
}

function place(row: InviteRow): string {
  if (row.school) return row.municipality ? `${row.school.shortName} (${row.municipality.name})` : row.school.shortName;
  return row.municipality?.name ?? '—';
}

async function cardPage(c: PanelContext, id: number) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const row = await inviteForAdmin(core, actor, id);
  const { invite } = row;
  const [registered, zone] = await Promise.all([peopleByInvite(core, invite.id), regionTimezone(core)]);
  const manageable = canManageInvite(actor, invite);
  const link = inviteLink(core.config.botUsername, invite);
  const title = t('invites-card-title', { id: invite.id });
  return page(
    c,
    { title, section: '/invites' },
    <>
      <p>
        <a href="/invites">{t('invites-all')}</a>
      </p>
      <h1>{title}</h1>
      {row.status === 'active' ? (
        manageable ? (
          <div class="card" id="invite-link-card">
            <label>
              {t('invites-link')}
              <input id="invite-link" readonly value={link} class="wide-input" data-select-on-focus aria-label={t('invites-link')} />
            </label>
            <p>
              <button type="button" data-done={t('invites-copied')} data-copy-from="invite-link">
                {t('invites-copy')}
              </button>
            </p>
            <p class="muted">{t('invites-link-hint')}</p>
          </div>
        ) : (
          <p class="muted">{t('invites-link-hidden')}</p>
        )
      ) : null}
      <table>
        <tbody>
          <tr>
            <th>{t('field-status')}</th>
            <td data-status={row.status}>{t(`invites-status-${row.status}`)}</td>
          </tr>
          <tr>
            <th>{t('field-role')}</th>
            <td>{t(`role-${invite.role}`)}</td>
          </tr>
          <tr>
            <th>{t('invites-place')}</th>
            <td>{place(row)}</td>
          </tr>
          <tr>
            <th>{t('invites-uses')}</th>
            <td>{t('invites-uses-of', { uses: invite.uses, max: invite.maxUses })}</td>
          </tr>
          <tr>
            <th>{t('invites-expires')}</th>
            <td>{formatDateTime(invite.expiresAt, zone)}</td>
          </tr>
          <tr>
            <th>{t('invites-created-by')}</th>
            <td>{invite.createdBy}</td>
          </tr>
          <tr>
            <th>{t('invites-created-at')}</th>
            <td>{formatDateTime(invite.createdAt, zone)}</td>
          </tr>
          {invite.revokedAt !== null ? (
            <tr>
              <th>{t('invites-revoked-at')}</th>
              <td>{formatDateTime(invite.revokedAt, zone)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {manageable && invite.revokedAt === null ? (
        <form method="post" action={`/invites/${invite.id}/revoke`}>
          <CsrfField c={c} />
          <p class="muted">{t('invites-revoke-hint')}</p>
          <button type="submit" class="danger">
            {t('invites-revoke')}
          </button>
        </form>
      ) : null}
      <h2>{t('invites-registered')}</h2>
      {registered.length === 0 ? (
        <p class="muted">{t('invites-registered-none')}</p>
      ) : (
        <table>
          <tbody>
            {registered.map((p) => (
              <tr>
                <td>
                  <a href={`/people/${p.id}`}>{p.fullName ?? t('person-erased')}</a>
                </td>
                <td class={`status-${p.status}`}>{t(`status-${p.status}`)}</td>
                <td class="muted">{formatDateTime(p.createdAt, zone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>,
  );
}
