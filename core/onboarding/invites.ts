import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { invites, municipalities, people, schools } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, canWrite, inScope, scopeOf, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import type { Person } from '../directory/people.js';
import { getMunicipality, getSchool, type Municipality, type School } from '../directory/places.js';
import { personRoles, schoolRoles, selfRegistrationRoles, type PersonRole } from '../directory/vocabulary.js';
import { auditEntryWhere } from '../admins/audit.js';

export type Invite = typeof invites.$inferSelect;

/** Deep-link payloads start with this, so /start can tell an invite from other payloads (events: ev_). */
export const invitePrefix = 'in_';

export const newInviteSchema = z
  .object({
    role: z.enum(personRoles),
    schoolId: z.coerce.number().int().positive().optional(),
    municipalityId: z.coerce.number().int().positive().optional(),
    maxUses: z.coerce.number().int().min(1).max(10_000).default(1),
    validDays: z.coerce.number().int().min(1).max(365).default(14),
  })
  .refine((v) => v.schoolId !== undefined || v.municipalityId !== undefined, { message: 'school-or-municipality-required', path: ['schoolId'] })
  .refine((v) => v.schoolId !== undefined || !schoolRoles.includes(v.role), { message: 'role-needs-school', path: ['schoolId'] });
export type NewInvite = z.input<typeof newInviteSchema>;

/** 16 random bytes (128 bits) from WebCrypto, base64url: unguessable and fits Telegram's 64-character start payload. */
function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

export function inviteLink(botUsername: string, invite: Pick<Invite, 'code'>): string {
  return `https://t.me/${botUsername}?start=${invitePrefix}${invite.code}`;
}

/** The same invite for MAX (`bot_started` carries the payload), or null where no MAX bot is known. */
export function maxInviteLink(maxBotUsername: string | undefined, invite: Pick<Invite, 'code'>): string | null {
  return maxBotUsername ? `https://max.ru/${maxBotUsername}?start=${invitePrefix}${invite.code}` : null;
}

/** Invite roles an actor may hand out: coordinators the school-level ones (as in self-registration), owners and editors all. */
export function inviteRolesFor(actor: Actor): readonly PersonRole[] {
  if (!canWrite(actor)) return [];
  return actor.role === 'coordinator' ? selfRegistrationRoles : personRoles;
}

/**
 * Whether an actor may see an invite's link and revoke it: the link is a key to register without approval, so only
 * someone who could have created that very invite gets it (a coordinator never sees a coordinator's invite link).
 */
export function canManageInvite(actor: Actor, invite: Pick<Invite, 'role' | 'municipalityId'>): boolean {
  return inviteRolesFor(actor).includes(invite.role as PersonRole) && inScope(scopeOf(actor), invite.municipalityId);
}

/**
 * Creates an invite. `createdBy` is an admin or API token (role and scope rules apply, audited in the same batch) or,
 * for the server's CLI and tests, a plain label (no rules beyond the input's).
 */
export async function createInvite(core: Core, input: NewInvite, createdBy: string | Actor): Promise<{ invite: Invite; link: string; maxLink: string | null }> {
  const actor = typeof createdBy === 'string' ? null : createdBy;
  if (actor) assertCanWrite(actor);
  const valid = parseInput(newInviteSchema, input);
  const { role, schoolId, maxUses, validDays } = valid;
  if (actor && !inviteRolesFor(actor).includes(role)) throw invalidInput('role', 'role-not-allowed');
  const visible = (municipalityId: number) => !actor || inScope(scopeOf(actor), municipalityId);
  let municipalityId = valid.municipalityId;
  if (schoolId !== undefined) {
    const school = await getSchool(core, schoolId);
    // Outside the actor's scope a school "does not exist", as everywhere in the panel.
    if (!school || !visible(school.municipalityId)) throw invalidInput('schoolId', 'no-such-school');
    if (municipalityId !== undefined && municipalityId !== school.municipalityId) throw invalidInput('municipalityId', 'school-not-in-municipality');
    municipalityId = school.municipalityId;
  } else if (municipalityId !== undefined) {
    const municipality = await getMunicipality(core, municipalityId);
    if (!municipality || !visible(municipality.id)) throw invalidInput('municipalityId', 'no-such-municipality');
  }
  const now = core.clock.now();
  const code = randomCode();
  const values = { code, role, schoolId: schoolId ?? null, municipalityId: municipalityId ?? null, maxUses, expiresAt: now + validDays * 86_400_000 };
  const { db } = core.database;
  const queries: PendingQuery[] = [
    db.insert(invites).values({ ...values, createdBy: typeof createdBy === 'string' ? createdBy : createdBy.label, createdAt: now }),
  ];
  if (actor) {
    const { code: _secret, ...described } = values;
    queries.push(
      auditEntryWhere(core, actor, {
        action: 'invite.create',
        entity: 'invite',
        // The id the insert above assigns; the code itself is a secret and stays out of the log.
        entityId: sql`select cast(${invites.id} as text) from ${invites} where ${invites.code} = ${code}`,
        municipalityId: values.municipalityId,
        after: described,
      }),
    );
  }
  await core.database.atomic(queries);
  const invite = await db.select().from(invites).where(eq(invites.code, code)).get();
  if (!invite) throw new DomainError('not-found');
  return { invite, link: inviteLink(core.config.botUsername, invite), maxLink: maxInviteLink(core.config.maxBotUsername, invite) };
}

export const inviteStatuses = ['active', 'expired', 'used-up', 'revoked'] as const;
export type InviteStatus = (typeof inviteStatuses)[number];

/** Revoked wins over used up, used up over expired. */
export function inviteStatus(invite: Pick<Invite, 'revokedAt' | 'uses' | 'maxUses' | 'expiresAt'>, now: number): InviteStatus {
  if (invite.revokedAt !== null) return 'revoked';
  if (invite.uses >= invite.maxUses) return 'used-up';
  if (invite.expiresAt <= now) return 'expired';
  return 'active';
}

export const inviteFilterSchema = z.object({
  status: z.enum(inviteStatuses).optional(),
  role: z.enum(personRoles).optional(),
  /** Keyset pagination: invites with an id below this (the list is newest first). */
  before: z.coerce.number().int().positive().optional(),
});
export type InviteFilter = z.infer<typeof inviteFilterSchema>;

export interface InviteRow {
  invite: Invite;
  school: Pick<School, 'id' | 'shortName'> | null;
  municipality: Pick<Municipality, 'id' | 'name'> | null;
  status: InviteStatus;
}

/** Invites for the municipalities in scope, newest first. */
export async function listInvites(
  core: Core,
  scope: Scope,
  filter: InviteFilter = {},
  pageSize = 100,
): Promise<{ rows: InviteRow[]; nextBefore: number | null }> {
  const now = core.clock.now();
  const c: SQL[] = [];
  const inScope = scopeWhere(scope, invites.municipalityId);
  if (inScope) c.push(inScope);
  if (filter.role) c.push(eq(invites.role, filter.role));
  if (filter.before) c.push(lt(invites.id, filter.before));
  const open = isNull(invites.revokedAt);
  const left = lt(invites.uses, invites.maxUses);
  if (filter.status === 'revoked') c.push(isNotNull(invites.revokedAt));
  if (filter.status === 'used-up') c.push(open, gte(invites.uses, invites.maxUses));
  if (filter.status === 'expired') c.push(open, left, lte(invites.expiresAt, now));
  if (filter.status === 'active') c.push(open, left, gt(invites.expiresAt, now));
  const rows = await core.database.db
    .select({ invite: invites, school: { id: schools.id, shortName: schools.shortName }, municipality: { id: municipalities.id, name: municipalities.name } })
    .from(invites)
    .leftJoin(schools, eq(schools.id, invites.schoolId))
    .leftJoin(municipalities, eq(municipalities.id, invites.municipalityId))
    .where(c.length ? and(...c) : undefined)
    .orderBy(desc(invites.id))
    .limit(pageSize + 1);
  const page = rows.slice(0, pageSize).map((r) => ({ ...r, status: inviteStatus(r.invite, now) }) as InviteRow);
  return { rows: page, nextBefore: rows.length > pageSize ? page[page.length - 1]!.invite.id : null };
}

/** An invite as an admin may see it, or not-found outside their municipalities. */
export async function inviteForAdmin(core: Core, actor: Actor, id: number): Promise<InviteRow> {
  const row = await core.database.db
    .select({ invite: invites, school: { id: schools.id, shortName: schools.shortName }, municipality: { id: municipalities.id, name: municipalities.name } })
    .from(invites)
    .leftJoin(schools, eq(schools.id, invites.schoolId))
    .leftJoin(municipalities, eq(municipalities.id, invites.municipalityId))
    .where(eq(invites.id, id))
    .get();
  if (!row) throw new DomainError('not-found');
  assertInScope(actor, row.invite.municipalityId);
  return { ...row, status: inviteStatus(row.invite, core.clock.now()) } as InviteRow;
}

/** Who registered through an invite (the panel's invite card). */
export async function peopleByInvite(core: Core, inviteId: number): Promise<Pick<Person, 'id' | 'fullName' | 'status' | 'createdAt'>[]> {
  return core.database.db
    .select({ id: people.id, fullName: people.fullName, status: people.status, createdAt: people.createdAt })
    .from(people)
    .where(eq(people.inviteId, inviteId))
    .orderBy(asc(people.id));
}

/**
 * Revokes an invite: its link stops working at once (people already registered by it stay). Audited in the same batch.
 * Returns whether this call revoked it (false: it already was).
 */
export async function revokeInvite(core: Core, actor: Actor, id: number): Promise<boolean> {
  assertCanWrite(actor);
  const { invite } = await inviteForAdmin(core, actor, id);
  if (!canManageInvite(actor, invite)) throw new DomainError('not-allowed');
  if (invite.revokedAt !== null) return false;
  const now = core.clock.now();
  const notRevoked = and(eq(invites.id, id), isNull(invites.revokedAt));
  await core.database.atomic([
    auditEntryWhere(
      core,
      actor,
      {
        action: 'invite.revoke',
        entity: 'invite',
        entityId: id,
        municipalityId: invite.municipalityId,
        before: { revokedAt: null },
        after: { revokedAt: now },
      },
      sql`exists (select 1 from ${invites} where ${notRevoked})`,
    ),
    core.database.db.update(invites).set({ revokedAt: now }).where(notRevoked),
  ]);
  const after = await core.database.db.select({ revokedAt: invites.revokedAt }).from(invites).where(eq(invites.id, id)).get();
  return after?.revokedAt === now;
}

/** The invite behind a code, if it can still be used; otherwise the reason why not. */
export async function findUsableInvite(core: Core, code: string): Promise<Invite> {
  const invite = await core.database.db.select().from(invites).where(eq(invites.code, code)).get();
  if (!invite || invite.revokedAt !== null) throw new DomainError('invite-not-found');
  if (invite.expiresAt <= core.clock.now()) throw new DomainError('invite-expired');
  if (invite.uses >= invite.maxUses) throw new DomainError('invite-used-up');
  return invite;
}

/** Takes one use of the invite, atomically, so a last place is never given twice. */
export async function takeInviteUse(core: Core, inviteId: number): Promise<boolean> {
  const row = await core.database.db
    .update(invites)
    .set({ uses: sql`${invites.uses} + 1` })
    .where(and(eq(invites.id, inviteId), lt(invites.uses, invites.maxUses), gt(invites.expiresAt, core.clock.now()), isNull(invites.revokedAt)))
    .returning({ id: invites.id })
    .get();
  return row !== undefined;
}

export async function giveInviteUseBack(core: Core, inviteId: number): Promise<void> {
  await core.database.db
    .update(invites)
    .set({ uses: sql`max(${invites.uses} - 1, 0)` })
    .where(eq(invites.id, inviteId));
}
