// Admin accounts as the owner manages them: the list, creation, edits, password resets, disabling, sessions revoked.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { admins, adminSessions, municipalities, type AdminRole } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, toFieldIssue, type FieldIssue } from '../errors.js';
import { assertOwner, type Actor } from './access.js';
import { generatePassword, hashPassword, newAdminRow, passwordMinLength, type AdminAccount } from './accounts.js';
import { auditEntryWhere } from './audit.js';

/*
 * Admin accounts as the panel manages them: the owner's list, creation, edits, password resets, disabling,
 * and each admin's own account (own-account.ts). Every change is audited as entity 'admin'; no password or hash
 * ever goes into the log. Functions check the actor themselves, so a route that forgot its guard still refuses.
 */

export const adminRoles = ['owner', 'editor', 'coordinator', 'viewer'] as const satisfies readonly AdminRole[];

/** An account without its password hash: what pages and lists get. */
export type AdminProfile = Omit<AdminAccount, 'passwordHash'>;

export interface AdminListRow extends AdminProfile {
  activeSessions: number;
}

const profileColumns = {
  id: admins.id,
  email: admins.email,
  name: admins.name,
  role: admins.role,
  municipalityIds: admins.municipalityIds,
  createdAt: admins.createdAt,
  passwordChangedAt: admins.passwordChangedAt,
  disabledAt: admins.disabledAt,
};

// ---------------------------------------------------------------------------------------------------------
// Validation

const municipalityList = z.array(z.coerce.number().int().positive()).transform((ids) => [...new Set(ids)].sort((a, b) => a - b));

/**
 * Municipalities belong to coordinators and only to them. Runs even when other fields failed (`when`), so the
 * form shows every problem at once; it reads the raw values defensively for that reason.
 */
function municipalitiesMatchRole(value: { role?: unknown; municipalityIds?: unknown }, ctx: z.RefinementCtx): void {
  const count = Array.isArray(value.municipalityIds) ? value.municipalityIds.length : 0;
  if (value.role === 'coordinator' && count === 0) ctx.addIssue({ code: 'custom', path: ['municipalityIds'], message: 'admin-needs-municipality' });
  if (value.role !== 'coordinator' && adminRoles.includes(value.role as AdminRole) && count > 0) {
    ctx.addIssue({ code: 'custom', path: ['municipalityIds'], message: 'admin-municipalities-only-coordinator' });
  }
}
/** Refinements that run even when other fields failed, so a form shows every problem at once. */
export const always = { when: () => true };

const profileShape = {
  name: z
    .string()
    .trim()
    .max(120)
    .transform((v) => v || null),
  role: z.enum(adminRoles),
  municipalityIds: municipalityList,
};

export const adminProfileSchema = z.object(profileShape).superRefine(municipalitiesMatchRole, always);
export type AdminProfileInput = z.output<typeof adminProfileSchema>;

/** A password set by the owner: typed (≥ 10 characters) or, with `generate`, made up here and shown once. */
export const passwordChoiceSchema = z.object({ password: z.string().max(200, 'admin-password-long'), generate: z.boolean() }).superRefine((v, ctx) => {
  if (!v.generate && v.password.length < passwordMinLength) ctx.addIssue({ code: 'custom', path: ['password'], message: 'admin-password-short' });
}, always);
export type PasswordChoice = z.output<typeof passwordChoiceSchema>;

export const newAdminSchema = z
  .object({
    email: z.string().trim().toLowerCase().max(200).pipe(z.email()),
    ...profileShape,
    password: z.string().max(200, 'admin-password-long'),
    generate: z.boolean(),
  })
  .superRefine((v, ctx) => {
    municipalitiesMatchRole(v, ctx);
    if (!v.generate && typeof v.password === 'string' && v.password.length < passwordMinLength)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'admin-password-short' });
  }, always);

// ---------------------------------------------------------------------------------------------------------
// Reading

export async function getAdminProfile(core: Core, id: number): Promise<AdminProfile | undefined> {
  return core.database.db.select(profileColumns).from(admins).where(eq(admins.id, id)).get();
}

/** The owner's view of one account; not-found for anyone if it does not exist. */
export async function adminForOwner(core: Core, actor: Actor, id: number): Promise<AdminProfile> {
  assertOwner(actor);
  const admin = await getAdminProfile(core, id);
  if (!admin) throw new DomainError('not-found');
  return admin;
}

function liveSession(core: Core): SQL {
  return and(isNull(adminSessions.revokedAt), gt(adminSessions.expiresAt, core.clock.now()))!;
}

/** Every account, owners first, each with its number of live sessions. Owners only. */
export async function listAdmins(core: Core, actor: Actor): Promise<AdminListRow[]> {
  assertOwner(actor);
  const { db } = core.database;
  const [rows, sessions] = await Promise.all([
    db
      .select(profileColumns)
      .from(admins)
      .orderBy(
        sql`${admins.disabledAt} is not null`,
        sql`case ${admins.role} when 'owner' then 0 when 'editor' then 1 when 'coordinator' then 2 else 3 end`,
        asc(admins.email),
      ),
    db.select({ adminId: adminSessions.adminId, n: count() }).from(adminSessions).where(liveSession(core)).groupBy(adminSessions.adminId),
  ]);
  const byAdmin = new Map(sessions.map((s) => [s.adminId, s.n]));
  return rows.map((r) => ({ ...r, activeSessions: byAdmin.get(r.id) ?? 0 }));
}

export type SessionInfo = Pick<typeof adminSessions.$inferSelect, 'id' | 'createdAt' | 'lastSeenAt' | 'ip' | 'userAgent'>;

/** Live sessions of an account, the most recently used first. */
export async function listLiveSessions(core: Core, adminId: number): Promise<SessionInfo[]> {
  return core.database.db
    .select({
      id: adminSessions.id,
      createdAt: adminSessions.createdAt,
      lastSeenAt: adminSessions.lastSeenAt,
      ip: adminSessions.ip,
      userAgent: adminSessions.userAgent,
    })
    .from(adminSessions)
    .where(and(eq(adminSessions.adminId, adminId), liveSession(core)))
    .orderBy(desc(adminSessions.lastSeenAt), desc(adminSessions.id));
}

// ---------------------------------------------------------------------------------------------------------
// Writing: guards and audit

/** True while some owner other than `id` is active: then `id` may stop being an active owner. */
function anotherActiveOwner(id: number): SQL {
  return sql`exists (select 1 from "admins" as "other" where "other"."role" = 'owner' and "other"."disabled_at" is null and "other"."id" <> ${id})`;
}

/** The account `id` is not the last active owner (it is no owner, is disabled, or another owner is active). */
function notLastActiveOwner(id: number): SQL {
  return or(ne(admins.role, 'owner'), isNotNull(admins.disabledAt), anotherActiveOwner(id))!;
}

async function assertNotLastActiveOwner(core: Core, id: number, field: string): Promise<void> {
  const row = await core.database.db
    .select({ id: admins.id })
    .from(admins)
    .where(and(eq(admins.id, id), notLastActiveOwner(id)))
    .get();
  if (!row) throw invalidInput(field, 'admin-last-owner');
}

/**
 * An audit entry about the admin rows matching `where` (entity id = that admin's id), written only if such a row
 * exists when the batch runs. A guarded change puts its own outcome in `where`, so that when two owners race and
 * the guard holds one back, the log does not record the change that did not happen.
 */
export function auditAdmin(
  core: Core,
  actor: Actor,
  action: string,
  where: SQL,
  change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null },
): PendingQuery {
  return auditEntryWhere(
    core,
    actor,
    {
      action,
      entity: 'admin',
      entityId: sql`(select cast(${admins.id} as text) from ${admins} where ${where} limit 1)`,
      before: change.before,
      after: change.after,
    },
    sql`exists (select 1 from ${admins} where ${where})`,
  );
}

/** Ends an account's live sessions (all but `keepSessionId`), only if `onlyIf` matches an admin row when the batch runs. */
export function revokeAllSessions(core: Core, adminId: number, onlyIf?: SQL, keepSessionId?: number): PendingQuery {
  const conditions: SQL[] = [eq(adminSessions.adminId, adminId), isNull(adminSessions.revokedAt)];
  if (keepSessionId !== undefined) conditions.push(ne(adminSessions.id, keepSessionId));
  if (onlyIf) conditions.push(sql`exists (select 1 from ${admins} where ${onlyIf})`);
  return core.database.db
    .update(adminSessions)
    .set({ revokedAt: core.clock.now() })
    .where(and(...conditions));
}

async function municipalitiesExist(core: Core, ids: number[]): Promise<boolean> {
  if (ids.length === 0) return true;
  const found = await core.database.db.select({ id: municipalities.id }).from(municipalities).where(inArray(municipalities.id, ids));
  return found.length === ids.length;
}

function profileForAudit(a: { name: string | null; role: AdminRole; municipalityIds: number[] }): Record<string, unknown> {
  return { name: a.name, role: a.role, municipalityIds: a.municipalityIds };
}

function isUniqueEmailViolation(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: admins\.email/i.test(`${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Writing: the owner's actions

/**
 * Creates an account from the form as typed: every bad field is reported at once, a taken e-mail included.
 * With `generate`, returns the made-up password: the only time anyone sees it.
 */
export async function createAdminAccount(core: Core, actor: Actor, input: unknown): Promise<{ admin: AdminProfile; password?: string }> {
  assertOwner(actor);
  const { db } = core.database;
  const parsed = newAdminSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map(toFieldIssue);
  const email = z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email())
    .safeParse((input as { email?: unknown } | null)?.email);
  if (email.success && (await db.select({ id: admins.id }).from(admins).where(eq(admins.email, email.data)).get()))
    issues.unshift({ field: 'email', reason: 'admin-email-taken' });
  if (parsed.success && !(await municipalitiesExist(core, parsed.data.municipalityIds)))
    issues.push({ field: 'municipalityIds', reason: 'admin-no-such-municipality' });
  if (issues.length > 0 || !parsed.success) throw new DomainError('invalid-input', undefined, issues);
  const valid = parsed.data;
  const password = valid.generate ? generatePassword() : valid.password;
  const row = await newAdminRow(core, { email: valid.email, name: valid.name, role: valid.role, municipalityIds: valid.municipalityIds, password });
  try {
    await core.database.atomic([
      db.insert(admins).values(row),
      auditAdmin(core, actor, 'admin.create', eq(admins.email, valid.email), { after: { email: valid.email, ...profileForAudit(valid) } }),
    ]);
  } catch (error) {
    // Two owners creating the same address at once: the second one meets the unique index.
    if (isUniqueEmailViolation(error)) throw invalidInput('email', 'admin-email-taken');
    throw error;
  }
  const admin = (await db.select(profileColumns).from(admins).where(eq(admins.email, valid.email)).get())!;
  return valid.generate ? { admin, password } : { admin };
}

/** Name, role and municipalities. The last active owner cannot be demoted. */
export async function updateAdminProfile(core: Core, actor: Actor, id: number, input: AdminProfileInput): Promise<AdminProfile> {
  const before = await adminForOwner(core, actor, id);
  if (!(await municipalitiesExist(core, input.municipalityIds))) throw invalidInput('municipalityIds', 'admin-no-such-municipality');
  const demotes = before.role === 'owner' && input.role !== 'owner';
  if (demotes) await assertNotLastActiveOwner(core, id, 'role');
  const target = demotes ? and(eq(admins.id, id), notLastActiveOwner(id))! : eq(admins.id, id);
  const after = profileForAudit(input);
  const was = profileForAudit(before);
  const changedKeys = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(was[k]));
  if (changedKeys.length === 0) return before;
  const { db } = core.database;
  await core.database.atomic([
    db.update(admins).set({ name: input.name, role: input.role, municipalityIds: input.municipalityIds }).where(target),
    auditAdmin(core, actor, 'admin.edit', and(eq(admins.id, id), eq(admins.role, input.role))!, {
      before: Object.fromEntries(changedKeys.map((k) => [k, was[k]])),
      after: Object.fromEntries(changedKeys.map((k) => [k, after[k]])),
    }),
  ]);
  const now = (await getAdminProfile(core, id))!;
  if (now.role !== input.role) throw invalidInput('role', 'admin-last-owner');
  return now;
}

/** The owner sets a new password (typed or generated) and every session of that account ends. */
export async function resetAdminPassword(core: Core, actor: Actor, id: number, choice: PasswordChoice): Promise<{ password?: string }> {
  await adminForOwner(core, actor, id);
  const password = choice.generate ? generatePassword() : choice.password;
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(admins)
      .set({ passwordHash: await hashPassword(core, password), passwordChangedAt: now })
      .where(eq(admins.id, id)),
    revokeAllSessions(core, id),
    auditAdmin(core, actor, 'admin.password-reset', eq(admins.id, id), { after: { generated: choice.generate, sessionsRevoked: true } }),
  ]);
  return choice.generate ? { password } : {};
}

/** Disabling ends every session and stops sign-in; the last active owner cannot be disabled. */
export async function setAdminDisabled(core: Core, actor: Actor, id: number, disabled: boolean): Promise<void> {
  const before = await adminForOwner(core, actor, id);
  if ((before.disabledAt !== null) === disabled) return;
  const { db } = core.database;
  if (!disabled) {
    await core.database.atomic([
      db.update(admins).set({ disabledAt: null }).where(eq(admins.id, id)),
      auditAdmin(core, actor, 'admin.enable', eq(admins.id, id), { before: { disabled: true }, after: { disabled: false } }),
    ]);
    return;
  }
  await assertNotLastActiveOwner(core, id, 'status');
  const now = core.clock.now();
  // Guarded in SQL too: two owners disabling each other at once leave one of them active, and the log and the
  // sessions follow what really happened.
  const disabledNow = and(eq(admins.id, id), eq(admins.disabledAt, now))!;
  await core.database.atomic([
    db
      .update(admins)
      .set({ disabledAt: now })
      .where(and(eq(admins.id, id), isNull(admins.disabledAt), notLastActiveOwner(id))),
    revokeAllSessions(core, id, disabledNow),
    auditAdmin(core, actor, 'admin.disable', disabledNow, { before: { disabled: false }, after: { disabled: true, sessionsRevoked: true } }),
  ]);
  const after = await getAdminProfile(core, id);
  if (after?.disabledAt === null) throw invalidInput('status', 'admin-last-owner');
}

/** Signs an account out everywhere (a lost laptop); the password stays. */
export async function revokeAdminSessions(core: Core, actor: Actor, id: number): Promise<void> {
  await adminForOwner(core, actor, id);
  await core.database.atomic([
    revokeAllSessions(core, id),
    auditAdmin(core, actor, 'admin.sessions-revoke', eq(admins.id, id), { after: { sessionsRevoked: true } }),
  ]);
}
