import { and, count, eq, gt, isNull, lt } from 'drizzle-orm';
import { admins, adminSessions, loginFailures } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import type { Actor } from './access.js';
import { findAdminByEmail, verifyPassword, type AdminAccount } from './accounts.js';
import { randomToken, sha256 } from './tokens.js';

export type AdminSession = typeof adminSessions.$inferSelect;

/** A working day and a half; each request moves it on, up to this much idle time. */
export const sessionIdleMs = 36 * 60 * 60_000;
/** Failures that lock an account or an address for the window. */
export const loginLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export function actorOf(admin: AdminAccount): Actor {
  return { kind: 'admin', id: admin.id, label: admin.email, role: admin.role, municipalityIds: admin.municipalityIds };
}

/**
 * Checks e-mail and password and opens a session. Refused while the account or the address has too many recent
 * failures; the answer for a wrong e-mail and a wrong password is the same.
 */
export async function signIn(core: Core, input: { email: string; password: string; ip: string; userAgent?: string }): Promise<{ token: string; session: AdminSession; admin: AdminAccount }> {
  const now = core.clock.now();
  const email = input.email.trim().toLowerCase();
  const keys = [`email:${email}`, `ip:${input.ip}`];
  const since = now - loginLimits.windowMs;
  const [byAccount, byAddress] = await Promise.all(
    keys.map(async (key) => (await core.database.db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.key, key), gt(loginFailures.at, since))).get())?.n ?? 0),
  );
  if ((byAccount ?? 0) >= loginLimits.perAccount || (byAddress ?? 0) >= loginLimits.perAddress) throw new DomainError('too-many-attempts');

  const admin = await findAdminByEmail(core, email);
  // Hash even for an unknown e-mail, so the time taken does not tell which addresses exist.
  const ok = await verifyPassword(input.password, admin?.passwordHash ?? 'pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA');
  if (!admin || !ok || admin.disabledAt !== null) {
    await core.database.atomic([
      core.database.db.insert(loginFailures).values(keys.map((key) => ({ key, at: now }))),
      core.database.db.delete(loginFailures).where(lt(loginFailures.at, now - 24 * 60 * 60_000)),
    ]);
    throw new DomainError('invalid-credentials');
  }
  const token = randomToken();
  const session = await core.database.db
    .insert(adminSessions)
    .values({ tokenHash: await sha256(token), adminId: admin.id, csrfToken: randomToken(24), createdAt: now, expiresAt: now + sessionIdleMs, lastSeenAt: now, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null })
    .returning()
    .get();
  await core.database.db.delete(loginFailures).where(eq(loginFailures.key, keys[0]!));
  return { token, session, admin };
}

/** The session behind a cookie's token, if still valid; moves its expiry on. */
export async function resumeSession(core: Core, token: string): Promise<{ session: AdminSession; admin: AdminAccount } | undefined> {
  const now = core.clock.now();
  const row = await core.database.db
    .select({ session: adminSessions, admin: admins })
    .from(adminSessions)
    .innerJoin(admins, eq(admins.id, adminSessions.adminId))
    .where(and(eq(adminSessions.tokenHash, await sha256(token)), isNull(adminSessions.revokedAt), gt(adminSessions.expiresAt, now), isNull(admins.disabledAt)))
    .get();
  if (!row) return undefined;
  // Write the new expiry at most once a minute: most requests only read.
  if (now - row.session.lastSeenAt > 60_000) {
    await core.database.db.update(adminSessions).set({ lastSeenAt: now, expiresAt: now + sessionIdleMs }).where(eq(adminSessions.id, row.session.id));
  }
  return row;
}

export async function signOut(core: Core, sessionId: number): Promise<void> {
  await core.database.db.update(adminSessions).set({ revokedAt: core.clock.now() }).where(eq(adminSessions.id, sessionId));
}

/** Ends every session of an account (password changed or reset, account disabled). */
export async function revokeSessions(core: Core, adminId: number) {
  return core.database.db.update(adminSessions).set({ revokedAt: core.clock.now() }).where(and(eq(adminSessions.adminId, adminId), isNull(adminSessions.revokedAt)));
}
