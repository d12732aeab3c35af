import { and, eq, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { admins, adminTelegramLinks, systemState } from '../../db/schema/index.js';
import type { Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import { sha256 } from '../admins/tokens.js';
import type { Core } from '../core.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';

/*
 * Linking a Telegram account to an admin account needs proof: the bot sends a one-time code to that Telegram id
 * and the code is typed in the panel. Whoever types it (the admin, or an owner linking a colleague who tells them
 * the code) shows that the Telegram account's holder agrees; without it anyone could take /broadcast in the bot
 * for an id they do not hold, or send test messages to a stranger.
 */

const telegramIdSchema = z.coerce
  .number({ error: 'not-a-number' })
  .int()
  .positive()
  .max(2 ** 52);
export const telegramLinkLimits = { codeTtlMs: 10 * 60_000, attempts: 5 };

const keyPrefix = 'telegram-link:';
const pendingSchema = z.object({ telegramId: z.number(), codeHash: z.string(), expiresAt: z.number(), attempts: z.number() });
type Pending = z.infer<typeof pendingSchema>;

function assertMayLink(actor: Actor, adminId: number): void {
  if (actor.kind !== 'admin' || (actor.id !== adminId && actor.role !== 'owner')) throw new DomainError('not-allowed');
}

function sixDigits(): string {
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return String(n! % 1_000_000).padStart(6, '0');
}

async function pendingOf(core: Core, adminId: number): Promise<Pending | undefined> {
  const row = await core.database.db
    .select()
    .from(systemState)
    .where(eq(systemState.key, `${keyPrefix}${adminId}`))
    .get();
  const parsed = row ? pendingSchema.safeParse(JSON.parse(row.value)) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

/** The Telegram id waiting for its code, per admin account the actor may link (their own; an owner's: everyone's). */
export async function pendingTelegramLinks(core: Core, actor: Actor): Promise<Map<number, { telegramId: number; expiresAt: number }>> {
  const now = core.clock.now();
  const rows = await core.database.db
    .select()
    .from(systemState)
    .where(like(systemState.key, `${keyPrefix}%`));
  const out = new Map<number, { telegramId: number; expiresAt: number }>();
  for (const row of rows) {
    const adminId = Number(row.key.slice(keyPrefix.length));
    const parsed = pendingSchema.safeParse(JSON.parse(row.value));
    if (!parsed.success || parsed.data.expiresAt <= now || parsed.data.attempts >= telegramLinkLimits.attempts) continue;
    if (actor.kind === 'admin' && (actor.id === adminId || actor.role === 'owner'))
      out.set(adminId, { telegramId: parsed.data.telegramId, expiresAt: parsed.data.expiresAt });
  }
  return out;
}

/** Step one: the bot sends a code to the Telegram id (at once, past quiet hours: the admin is waiting for it). */
export async function requestTelegramLink(core: Core, actor: Actor, adminId: number, telegramId: number): Promise<void> {
  assertMayLink(actor, adminId);
  const id = parseInput(telegramIdSchema, telegramId);
  const taken = await core.database.db.select().from(adminTelegramLinks).where(eq(adminTelegramLinks.telegramId, id)).get();
  if (taken && taken.adminId !== adminId) throw invalidInput('telegramId', 'telegram-id-taken');
  const code = sixDigits();
  const now = core.clock.now();
  const value = JSON.stringify({
    telegramId: id,
    codeHash: await sha256(`${adminId}:${code}`),
    expiresAt: now + telegramLinkLimits.codeTtlMs,
    attempts: 0,
  } satisfies Pending);
  const { db } = core.database;
  await core.database.atomic([
    db
      .insert(systemState)
      .values({ key: `${keyPrefix}${adminId}`, value, updatedAt: now })
      .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: now } }),
    auditEntry(core, actor, { action: 'admin.telegram-code-sent', entity: 'admin', entityId: adminId, after: { telegramId: id } }),
  ]);
  await enqueueDeliveries(core, [
    {
      channel: 'telegram',
      chatId: String(id),
      purpose: 'admin.telegram-link-code',
      priority: 0,
      message: { html: core.translate('ru', 'telegram-link-code', { code, minutes: telegramLinkLimits.codeTtlMs / 60_000 }) },
    },
  ]);
}

/** Step two: the code typed in the panel links the id; a wrong one counts, and after a few the code is spent. */
export async function confirmTelegramLink(core: Core, actor: Actor, adminId: number, code: string): Promise<void> {
  assertMayLink(actor, adminId);
  const { db } = core.database;
  const key = `${keyPrefix}${adminId}`;
  const now = core.clock.now();
  const pending = await pendingOf(core, adminId);
  if (!pending || pending.expiresAt <= now) throw invalidInput('code', 'telegram-code-expired');
  // One attempt is taken in the same statement that checks there is one left, so parallel guesses count too.
  const taken = await db
    .update(systemState)
    .set({ value: sql`json_set(${systemState.value}, '$.attempts', json_extract(${systemState.value}, '$.attempts') + 1)` })
    .where(and(eq(systemState.key, key), sql`json_extract(${systemState.value}, '$.attempts') < ${telegramLinkLimits.attempts}`))
    .returning()
    .get();
  if (!taken) throw invalidInput('code', 'telegram-code-too-many');
  if ((await sha256(`${adminId}:${code.trim()}`)) !== pending.codeHash) throw invalidInput('code', 'telegram-code-wrong');
  const taker = await db.select().from(adminTelegramLinks).where(eq(adminTelegramLinks.telegramId, pending.telegramId)).get();
  if (taker && taker.adminId !== adminId) throw invalidInput('telegramId', 'telegram-id-taken');
  await core.database.atomic([
    db.delete(systemState).where(eq(systemState.key, key)),
    db
      .insert(adminTelegramLinks)
      .values({ adminId, telegramId: pending.telegramId, createdAt: now })
      .onConflictDoUpdate({ target: adminTelegramLinks.adminId, set: { telegramId: pending.telegramId } }),
    auditEntry(core, actor, { action: 'admin.telegram-link', entity: 'admin', entityId: adminId, after: { telegramId: pending.telegramId } }),
  ]);
}

/** Unlinks an admin account's Telegram (no proof needed to give something up). */
export async function unlinkTelegram(core: Core, actor: Actor, adminId: number): Promise<void> {
  assertMayLink(actor, adminId);
  const { db } = core.database;
  await core.database.atomic([
    db.delete(adminTelegramLinks).where(eq(adminTelegramLinks.adminId, adminId)),
    db.delete(systemState).where(eq(systemState.key, `${keyPrefix}${adminId}`)),
    auditEntry(core, actor, { action: 'admin.telegram-unlink', entity: 'admin', entityId: adminId }),
  ]);
}

/** The Telegram account linked to an admin account, if any. */
export async function telegramIdOfAdmin(core: Core, adminId: number): Promise<number | null> {
  const row = await core.database.db.select().from(adminTelegramLinks).where(eq(adminTelegramLinks.adminId, adminId)).get();
  return row?.telegramId ?? null;
}

/** The admin account (enabled, allowed to write) linked to a Telegram account: who may /broadcast in the bot. */
export async function actorByTelegramId(core: Core, telegramId: number): Promise<Actor | null> {
  const row = await core.database.db
    .select({ admin: admins })
    .from(adminTelegramLinks)
    .innerJoin(admins, eq(admins.id, adminTelegramLinks.adminId))
    .where(eq(adminTelegramLinks.telegramId, telegramId))
    .get();
  if (!row || row.admin.disabledAt !== null || row.admin.role === 'viewer') return null;
  return { kind: 'admin', id: row.admin.id, label: row.admin.email, role: row.admin.role, municipalityIds: row.admin.municipalityIds };
}
