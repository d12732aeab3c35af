import { Hono } from 'hono';
import { scopeOf } from '../../core/admins/access.js';
import { listSchools, municipalitiesInScope } from '../../core/directory/directory.js';
import { regionTimezone } from '../../core/directory/places.js';
import type { PersonRole } from '../../core/directory/vocabulary.js';
import {
  canManageInvite,
  createInvite,
  inviteFilterSchema,
  inviteForAdmin,
  inviteLink,
  inviteRolesFor,
  listInvites,
  maxInviteLink,
  peopleByInvite,
  revokeInvite,
  type InviteFilter,
  type NewInvite,
} from '../../core/onboarding/invites.js';
import type { AdminEnv } from '../env.js';
import { formBody, validForm, type FormValues } from '../forms.js';
import { page, queryFilters, type PanelContext } from '../kit.js';
import { InviteCard } from '../views/invites/card.js';
import { blankForm, type InviteForm, InvitesList } from '../views/invites/list.js';

/** Invite links: the list in scope, a create form, and a card with the link, its uses and revoke. */
export function invitesRoutes() {
  const app = new Hono<AdminEnv>();

  app.get('/', (c) => listPage(c));

  app.post('/', validForm(formBody, { view: (c, values, errors) => listPage(c, { form: typedForm(values), errors, status: 400 }) }), async (c) => {
    const typed = typedForm(c.req.valid('form'));
    // Only the shape is set here; createInvite validates every field (and the actor's rights) at the domain's edge.
    const input = {
      role: typed.role as PersonRole,
      ...(typed.schoolId ? { schoolId: typed.schoolId } : {}),
      ...(typed.municipalityId ? { municipalityId: typed.municipalityId } : {}),
      maxUses: typed.maxUses,
      validDays: typed.validDays,
    } satisfies NewInvite;
    const { invite } = await createInvite(c.get('core'), input, c.get('actor'));
    return c.redirect(`/invites/${invite.id}?done=invite-created`, 303);
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

/** The create form as typed. */
function typedForm(form: FormValues): InviteForm {
  return {
    role: text(form.role),
    schoolId: text(form.schoolId),
    municipalityId: text(form.municipalityId),
    maxUses: text(form.maxUses),
    validDays: text(form.validDays),
  };
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
  return page(
    c,
    {
      title: t('invites-title'),
      section: '/invites',
      status: options.status ?? 200,
      flash: parsed.success ? undefined : { text: t('invites-bad-filter'), bad: true },
    },
    <InvitesList
      c={c}
      roles={roles}
      schools={schools}
      municipalities={municipalities}
      rows={rows}
      filter={filter}
      raw={raw}
      nextBefore={nextBefore}
      zone={zone}
      form={options.form ?? blankForm}
      errors={options.errors}
    />,
  );
}

async function cardPage(c: PanelContext, id: number) {
  const t = c.get('t');
  const core = c.get('core');
  const actor = c.get('actor');
  const row = await inviteForAdmin(core, actor, id);
  const { invite } = row;
  const [registered, zone] = await Promise.all([peopleByInvite(core, invite.id), regionTimezone(core)]);
  const manageable = canManageInvite(actor, invite);
  const maxLink = maxInviteLink(core.config.maxBotUsername, invite);
  // A MAX-only deployment knows no Telegram bot: its card shows MAX's link alone.
  const link = core.config.botUsername || !maxLink ? inviteLink(core.config.botUsername, invite) : null;
  const title = t('invites-card-title', { id: invite.id });
  return page(
    c,
    { title, section: '/invites' },
    <InviteCard c={c} row={row} registered={registered} zone={zone} manageable={manageable} link={link} maxLink={maxLink} title={title} />,
  );
}
