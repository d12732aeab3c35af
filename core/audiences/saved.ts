import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { savedAudiences } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, scopeOf, scopeWhere, type Actor } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, parseInput } from '../errors.js';
import { audienceRuleSchema, type AudienceRule } from './audiences.js';

export type SavedAudience = Omit<typeof savedAudiences.$inferSelect, 'rule'> & { rule: AudienceRule };

export const savedAudienceInputSchema = z.object({
  name: z.string().trim().min(2).max(100),
  rule: audienceRuleSchema,
  /** Required for a coordinator (their municipality); null = a regional audience everyone may use. */
  municipalityId: z.number().int().positive().nullable(),
});
export type SavedAudienceInput = z.input<typeof savedAudienceInputSchema>;

/**
 * The saved audiences an admin may pick: the regional ones and those of their municipalities, by name.
 * Archived ones are left out.
 */
export async function listSavedAudiences(core: Core, actor: Actor): Promise<SavedAudience[]> {
  const scope = scopeOf(actor);
  const visible = scope.all ? undefined : or(isNull(savedAudiences.municipalityId), scopeWhere(scope, savedAudiences.municipalityId));
  const rows = await core.database.db
    .select()
    .from(savedAudiences)
    .where(and(isNull(savedAudiences.archivedAt), visible))
    .orderBy(asc(savedAudiences.name), asc(savedAudiences.id));
  return rows as SavedAudience[];
}

/** One saved audience as the actor may see it; another municipality's is not found. */
export async function savedAudienceForAdmin(core: Core, actor: Actor, id: number): Promise<SavedAudience> {
  const row = await core.database.db.select().from(savedAudiences).where(eq(savedAudiences.id, id)).get();
  if (!row) throw new DomainError('not-found');
  if (row.municipalityId !== null) assertInScope(actor, row.municipalityId);
  return row as SavedAudience;
}

export async function createSavedAudience(core: Core, actor: Actor, input: SavedAudienceInput): Promise<SavedAudience> {
  assertCanWrite(actor);
  const valid = parseInput(savedAudienceInputSchema, input);
  assertOwningMunicipality(actor, valid.municipalityId);
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.insert(savedAudiences).values({ ...valid, createdBy: actor.label, createdAt: now, updatedAt: now }),
    auditEntryWhere(core, actor, {
      action: 'audience.create',
      entity: 'audience',
      entityId: sql`select cast(max(${savedAudiences.id}) as text) from ${savedAudiences}`,
      municipalityId: valid.municipalityId,
      after: { ...valid },
    }),
  ]);
  const created = await db.select().from(savedAudiences).where(eq(savedAudiences.createdBy, actor.label)).orderBy(desc(savedAudiences.id)).get();
  return created as SavedAudience;
}

/** Changes a saved audience. Things composed with it earlier keep the rule they were made with. */
export async function updateSavedAudience(core: Core, actor: Actor, id: number, input: SavedAudienceInput): Promise<SavedAudience> {
  assertCanWrite(actor);
  const before = await savedAudienceForAdmin(core, actor, id);
  if (before.municipalityId === null && actor.role === 'coordinator') throw new DomainError('not-allowed');
  const valid = parseInput(savedAudienceInputSchema, input);
  assertOwningMunicipality(actor, valid.municipalityId);
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(savedAudiences)
      .set({ ...valid, updatedAt: core.clock.now() })
      .where(eq(savedAudiences.id, id)),
    auditEntry(core, actor, {
      action: 'audience.update',
      entity: 'audience',
      entityId: id,
      municipalityId: valid.municipalityId,
      before: { name: before.name, rule: before.rule, municipalityId: before.municipalityId },
      after: { ...valid },
    }),
  ]);
  return { ...before, ...valid };
}

/** Stops offering a saved audience; archiving twice changes nothing. */
export async function archiveSavedAudience(core: Core, actor: Actor, id: number): Promise<void> {
  assertCanWrite(actor);
  const before = await savedAudienceForAdmin(core, actor, id);
  if (before.municipalityId === null && actor.role === 'coordinator') throw new DomainError('not-allowed');
  const { db } = core.database;
  const open = and(eq(savedAudiences.id, id), isNull(savedAudiences.archivedAt));
  await core.database.atomic([
    // Before the update, on the same condition: archiving twice at once leaves one entry.
    auditEntryWhere(
      core,
      actor,
      { action: 'audience.archive', entity: 'audience', entityId: id, municipalityId: before.municipalityId },
      sql`exists (select 1 from ${savedAudiences} where ${open})`,
    ),
    db.update(savedAudiences).set({ archivedAt: core.clock.now() }).where(open),
  ]);
}
