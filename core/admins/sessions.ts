import { and, count, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { admins, adminSessions, loginFailures } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import type { Actor } from './access.js';
import { findAdminByEmail, hashPassword, isCurrentPasswordHash, unknownAccountHash, verifyPassword, type AdminAccount } from './accounts.js';
import { randomToken, sha256 } from './tokens.js';

export type AdminSession = typeof adminSessions.$inferSelect;

/** A working day and a half; each request moves it on, up to this much idle time. */
export const sessionIdleMs = 36 * 60 * 60_000;
/**
 * Failures that lock an account, or make an address hot, for the window. Behind a reverse proxy many admins may
 * share one address, so a hot address does not lock its accounts: each account may still be tried from it once
 * per `hotAddressPaceMs` (a correct password gets in after that short wait), while its own failures lock it.
 */
export const loginLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000, hotAddressPaceMs: 10_000 };

export function actorOf(admin: AdminAccount): Actor {
  return { kind: 'admin', id: admin.id, label: admin.email, role: admin.role, municipalityIds: admin.municipalityIds };
}

async function failuresSince(core: Core, key: string, since: number): Promise<number> {
  return (
    (
      await core.database.db
        .select({ n: count() })
        .from(loginFailures)
        .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)))
        .get()
    )?.n ?? 0
  );
}

/**
 * Checks e-mail and password and opens a session. Refused while the account has too many recent failures, paced
 * while the address has; the answer for a wrong e-mail and a wrong password is the same. Each attempt is counted
 * before its password is checked, so guesses sent in parallel count too; a success takes it back.
 */
export async function signIn(
  core: Core,
  input: { email: string; password: string; ip: string; userAgent?: string },
): Promise<{ token: string; session: AdminSession; admin: AdminAccount }> {
  const { db } = core.database;
  const now = core.clock.now();
  const email = input.email.trim().toLowerCase();
  const accountKey = `email:${email}`;
  const addressKey = `ip:${input.ip}`;
  const since = now - loginLimits.windowMs;
  const attempt = (
    await db
      .insert(loginFailures)
      .values([
        { key: accountKey, at: now },
        { key: addressKey, at: now },
      ])
      .returning({ id: loginFailures.id })
  ).map((r) => r.id);
  const withdraw = () => db.delete(loginFailures).where(inArray(loginFailures.id, attempt));
  if ((await failuresSince(core, accountKey, since)) > loginLimits.perAccount) {
    await withdraw();
    throw new DomainError('too-many-attempts');
  }
  if ((await failuresSince(core, addressKey, since)) > loginLimits.perAddress && !(await claimPace(core, `pace:${input.ip}|${email}`, now))) {
    await withdraw();
    throw new DomainError('try-again-shortly');
  }

  const admin = await findAdminByEmail(core, email);
  // Hash even for an unknown e-mail, so the time taken does not tell which addresses exist.
  const ok = await verifyPassword(core, input.password, admin?.passwordHash ?? unknownAccountHash);
  if (!admin || !ok || admin.disabledAt !== null) {
    await db.delete(loginFailures).where(lt(loginFailures.at, now - 24 * 60 * 60_000));
    throw new DomainError('invalid-credentials');
  }
  // An older hash (600,000 rounds, no pepper, which Workers cannot verify) is rewritten while the password is at hand.
  if (!isCurrentPasswordHash(admin.passwordHash)) {
    const passwordHash = await hashPassword(core, input.password);
    await db
      .update(admins)
      .set({ passwordHash })
      .where(and(eq(admins.id, admin.id), eq(admins.passwordHash, admin.passwordHash)));
    admin.passwordHash = passwordHash;
  }
  const token = randomToken();
  const session = await db
    .insert(adminSessions)
    .values({
      tokenHash: await sha256(token),
      adminId: admin.id,
      csrfToken: randomToken(24),
      createdAt: now,
      expiresAt: now + sessionIdleMs,
      lastSeenAt: now,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning()
    .get();
  await core.database.atomic([db.delete(loginFailures).where(eq(loginFailures.key, accountKey)), withdraw()]);
  return { token, session, admin };
}

/** One attempt per pace for this key: true when this call took the slot (one statement, so parallel calls race fairly). */
async function claimPace(core: Core, key: string, now: number): Promise<boolean> {
  const claimed = await core.database.db.all<{ id: number }>(
    sql`insert into login_failures (key, at) select ${key}, ${now} where not exists (select 1 from login_failures where key = ${key} and at > ${now - loginLimits.hotAddressPaceMs}) returning id`,
  );
  return claimed.length > 0;
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
    await core.database.db
      .update(adminSessions)
      .set({ lastSeenAt: now, expiresAt: now + sessionIdleMs })
      .where(eq(adminSessions.id, row.session.id));
  }
  return row;
}

export async function signOut(core: Core, sessionId: number): Promise<void> {
  await core.database.db.update(adminSessions).set({ revokedAt: core.clock.now() }).where(eq(adminSessions.id, sessionId));
}

/** Ends every session of an account (password changed or reset, account disabled). */
export async function revokeSessions(core: Core, adminId: number) {
  return core.database.db
    .update(adminSessions)
    .set({ revokedAt: core.clock.now() })
    .where(and(eq(adminSessions.adminId, adminId), isNull(adminSessions.revokedAt)));
}
