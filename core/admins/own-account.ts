// One's own admin account: changing one's password (guesses limited like sign-ins) and signing out everywhere.
import { and, count, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { admins, loginFailures } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError, toFieldIssue, type FieldIssue } from '../errors.js';
import type { Actor } from './access.js';
import { hashPassword, passwordMinLength, verifyPassword } from './accounts.js';
import { always, auditAdmin, revokeAllSessions } from './management.js';
import { loginLimits } from './sessions.js';

const newPassword = z.string().min(passwordMinLength, 'admin-password-short').max(200, 'admin-password-long');

export const passwordChangeSchema = z
  .object({ current: z.string().min(1, 'admin-current-password-required').max(500), next: newPassword, confirm: z.string().max(500) })
  .superRefine((v, ctx) => {
    if (v.next !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'admin-passwords-differ' });
  }, always);
export type PasswordChange = z.output<typeof passwordChangeSchema>;

function ownId(actor: Actor): number {
  if (actor.kind !== 'admin') throw new DomainError('not-allowed', 'an account of a person, not a token');
  return actor.id;
}

/**
 * Changes one's own password: the current one is checked (wrong guesses count like failed sign-ins, per account),
 * every other session ends, the one in use stays.
 */
export async function changeOwnPassword(core: Core, actor: Actor, currentSessionId: number, input: unknown): Promise<void> {
  const id = ownId(actor);
  const { db } = core.database;
  const parsed = passwordChangeSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map(toFieldIssue);
  const raw = (input ?? {}) as { current?: unknown };
  const current = typeof raw.current === 'string' ? raw.current : '';
  const now = core.clock.now();
  const key = `password-change:${id}`;
  if (current !== '' && !issues.some((i) => i.field === 'current')) {
    const account = await db.select({ passwordHash: admins.passwordHash }).from(admins).where(eq(admins.id, id)).get();
    if (!account) throw new DomainError('not-found');
    // The attempt counts before the password is checked, so guesses sent in parallel are limited too.
    const attempt = (await db.insert(loginFailures).values({ key, at: now }).returning({ id: loginFailures.id }).get())!.id;
    const attempts =
      (
        await db
          .select({ n: count() })
          .from(loginFailures)
          .where(and(eq(loginFailures.key, key), gt(loginFailures.at, now - loginLimits.windowMs)))
          .get()
      )?.n ?? 0;
    if (attempts > loginLimits.perAccount) {
      await db.delete(loginFailures).where(eq(loginFailures.id, attempt));
      issues.unshift({ field: 'current', reason: 'admin-too-many-attempts' });
    } else if (await verifyPassword(core, current, account.passwordHash)) await db.delete(loginFailures).where(eq(loginFailures.id, attempt));
    else issues.unshift({ field: 'current', reason: 'admin-wrong-password' });
  }
  if (issues.length > 0 || !parsed.success) throw new DomainError('invalid-input', undefined, issues);
  await core.database.atomic([
    db
      .update(admins)
      .set({ passwordHash: await hashPassword(core, parsed.data.next), passwordChangedAt: now })
      .where(eq(admins.id, id)),
    db.delete(loginFailures).where(eq(loginFailures.key, key)),
    revokeAllSessions(core, id, undefined, currentSessionId),
    auditAdmin(core, actor, 'admin.password-change', eq(admins.id, id), { after: { otherSessionsRevoked: true } }),
  ]);
}

/** "Sign out on every device", this one included. */
export async function revokeOwnSessions(core: Core, actor: Actor): Promise<void> {
  const id = ownId(actor);
  await core.database.atomic([
    revokeAllSessions(core, id),
    auditAdmin(core, actor, 'admin.sessions-revoke', eq(admins.id, id), { after: { sessionsRevoked: true } }),
  ]);
}
