import { and, count, eq, inArray, isNull, ne } from 'drizzle-orm';
import { admins, adminSessions, apiTokens, municipalities, people, schools, systemState } from '../../db/schema/index.js';
import type { Core } from '../core.js';

/** The sandbox's owner account: its password is published, so it may sign in only while the sandbox runs. */
export const sandboxOwnerEmail = 'owner@sandbox.local';

/** Set on a database the sandbox made for itself; removed when a real bot starts on it. */
const sandboxKey = 'sandbox.database';

/** What a database holds that the sandbox did not put there. */
export interface RealData {
  people: number;
  admins: number;
  municipalities: number;
  schools: number;
}

/**
 * The sandbox runs only on a database of its own: one it marked earlier, or an empty one (no people, schools,
 * municipalities or admin accounts but its own owner), which it marks now. Anything else may hold real people,
 * and the sandbox (a published password, simulated Telegram) must never touch them: refused, with what it holds.
 */
export async function claimForSandbox(core: Core): Promise<{ ok: true } | { ok: false; holds: RealData }> {
  const { db } = core.database;
  if (await db.select().from(systemState).where(eq(systemState.key, sandboxKey)).get()) return { ok: true };
  const [p, a, m, s] = await Promise.all([
    db.select({ n: count() }).from(people).get(),
    db.select({ n: count() }).from(admins).where(ne(admins.email, sandboxOwnerEmail)).get(),
    db.select({ n: count() }).from(municipalities).get(),
    db.select({ n: count() }).from(schools).get(),
  ]);
  const holds = { people: p?.n ?? 0, admins: a?.n ?? 0, municipalities: m?.n ?? 0, schools: s?.n ?? 0 };
  if (holds.people + holds.admins + holds.municipalities + holds.schools > 0) return { ok: false, holds };
  const now = core.clock.now();
  await db
    .insert(systemState)
    .values({ key: sandboxKey, value: String(now), updatedAt: now })
    .onConflictDoNothing();
  return { ok: true };
}

/**
 * A real bot starts on this database. Every account made while it was the sandbox's (its owner, whose password is
 * published, and any admin or API token made with it) stops working, and the sandbox's mark goes, so the sandbox
 * refuses the file from now on. The sandbox's owner is disabled on any database, which also cleans one where an
 * older version let the sandbox create it beside real data. Returns how many accounts were disabled.
 */
export async function leaveSandbox(core: Core): Promise<number> {
  const { db } = core.database;
  const now = core.clock.now();
  const marked = await db.select().from(systemState).where(eq(systemState.key, sandboxKey)).get();
  const made = marked ? isNull(admins.disabledAt) : and(eq(admins.email, sandboxOwnerEmail), isNull(admins.disabledAt));
  const ids = (await db.select({ id: admins.id }).from(admins).where(made).all()).map((a) => a.id);
  if (ids.length === 0 && !marked) return 0;
  // Chunks keep each statement under D1's 100 bound parameters.
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += 90) chunks.push(ids.slice(i, i + 90));
  await core.database.atomic([
    db.delete(systemState).where(eq(systemState.key, sandboxKey)),
    ...chunks.flatMap((chunk) => [
      db.update(admins).set({ disabledAt: now }).where(inArray(admins.id, chunk)),
      db
        .update(adminSessions)
        .set({ revokedAt: now })
        .where(and(inArray(adminSessions.adminId, chunk), isNull(adminSessions.revokedAt))),
      db
        .update(apiTokens)
        .set({ revokedAt: now })
        .where(and(inArray(apiTokens.createdBy, chunk), isNull(apiTokens.revokedAt))),
    ]),
  ]);
  return ids.length;
}
