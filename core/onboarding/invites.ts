import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { invites } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { getSchool } from '../directory/places.js';
import { personRoles, schoolRoles } from '../directory/vocabulary.js';

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
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function inviteLink(botUsername: string, invite: Pick<Invite, 'code'>): string {
  return `https://t.me/${botUsername}?start=${invitePrefix}${invite.code}`;
}

export async function createInvite(core: Core, input: NewInvite, createdBy: string): Promise<{ invite: Invite; link: string }> {
  const valid = parseInput(newInviteSchema, input);
  const { role, schoolId, maxUses, validDays } = valid;
  let municipalityId = valid.municipalityId;
  if (schoolId !== undefined) {
    const school = await getSchool(core, schoolId);
    if (!school) throw invalidInput('schoolId', 'no-such-school');
    municipalityId = school.municipalityId;
  }
  const now = core.clock.now();
  const invite = await core.database.db
    .insert(invites)
    .values({
      code: randomCode(),
      role,
      schoolId: schoolId ?? null,
      municipalityId: municipalityId ?? null,
      maxUses,
      expiresAt: now + validDays * 86_400_000,
      createdBy,
      createdAt: now,
    })
    .returning()
    .get();
  return { invite, link: inviteLink(core.config.botUsername, invite) };
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
  await core.database.db.update(invites).set({ uses: sql`max(${invites.uses} - 1, 0)` }).where(eq(invites.id, inviteId));
}
