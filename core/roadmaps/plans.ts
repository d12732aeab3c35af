// Road maps stored in the panel: a parsed plan imported for review, listed, opened within the admin's scope, deleted in review.
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roadMapItems, roadMaps } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import type { ParsedRoadMap, RoadMapPeriod, RoadMapRow } from './types.js';

/**
 * Road maps in the panel: a parsed plan stored for review, its rows edited, merged, split or removed by a person
 * (review.ts), and a corrected version re-imported over it (reimport.ts). A coordinator sees and changes only the plans of their municipalities; a
 * regional plan (no municipality) is the institute's.
 */

export type RoadMap = typeof roadMaps.$inferSelect;
export type RoadMapItem = typeof roadMapItems.$inferSelect;

export const importInputSchema = z.object({
  sourceName: z.string().trim().min(1).max(200),
  municipalityId: z.number().int().positive().nullable(),
});
export type ImportInput = z.input<typeof importInputSchema>;

export function periodOf(plan: Pick<RoadMap, 'periodFrom' | 'periodTo' | 'academic'>): RoadMapPeriod {
  return { from: plan.periodFrom, to: plan.periodTo, academic: plan.academic };
}

export function itemValues(row: RoadMapRow, roadMapId: number, position: number, now: number) {
  return {
    roadMapId,
    position,
    number: row.number,
    section: row.section,
    text: row.text,
    dateText: row.dateText,
    kind: row.kind,
    eventKind: row.eventKind,
    due: row.due,
    responsible: row.responsible,
    audience: row.audience,
    result: row.result,
    form: row.form,
    doubts: row.doubts,
    updatedAt: now,
  };
}

/** D1 binds at most 100 parameters: rows of 15 columns go 6 to an insert. */
export function insertItems(core: Core, rows: ReturnType<typeof itemValues>[]): PendingQuery[] {
  const out: PendingQuery[] = [];
  for (let i = 0; i < rows.length; i += 6) out.push(core.database.db.insert(roadMapItems).values(rows.slice(i, i + 6)));
  return out;
}

/** Stores a parsed plan for review (nothing is created from it yet), audited as `roadmap.import`. */
export async function importRoadMap(core: Core, actor: Actor, parsed: ParsedRoadMap, input: ImportInput): Promise<RoadMap> {
  assertCanWrite(actor);
  const valid = parseInput(importInputSchema, input);
  assertOwningMunicipality(actor, valid.municipalityId);
  if (parsed.rows.length === 0) throw invalidInput('source', 'roadmap-no-rows');
  const now = core.clock.now();
  const { db } = core.database;
  const plan = await db
    .insert(roadMaps)
    .values({
      title: parsed.title.slice(0, 500) || valid.sourceName,
      periodFrom: parsed.period.from,
      periodTo: parsed.period.to,
      academic: parsed.period.academic,
      sourceName: valid.sourceName,
      municipalityId: valid.municipalityId,
      importedBy: actor.label,
      importedAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  await core.database.atomic([
    ...insertItems(
      core,
      parsed.rows.map((row, i) => itemValues(row, plan.id, (i + 1) * 10, now)),
    ),
    auditEntry(core, actor, {
      action: 'roadmap.import',
      entity: 'roadmap',
      entityId: plan.id,
      municipalityId: plan.municipalityId,
      after: { title: plan.title, source: plan.sourceName, rows: parsed.rows.length },
    }),
  ]);
  return plan;
}

export async function listRoadMaps(core: Core, scope: Scope): Promise<(RoadMap & { items: number })[]> {
  return core.database.db
    .select({ ...roadMapColumns(), items: sql<number>`(select count(*) from road_map_items i where i.road_map_id = ${roadMaps.id} and i.dropped_at is null)` })
    .from(roadMaps)
    .where(scopeWhere(scope, roadMaps.municipalityId))
    .orderBy(desc(roadMaps.importedAt))
    .limit(300);
}

function roadMapColumns() {
  const { id, title, periodFrom, periodTo, academic, sourceName, municipalityId, stage, importedBy, importedAt, reimportedAt, updatedAt } = roadMaps;
  return { id, title, periodFrom, periodTo, academic, sourceName, municipalityId, stage, importedBy, importedAt, reimportedAt, updatedAt };
}

/** A plan as an admin may see it; a coordinator gets not-found for a regional plan or another municipality's. */
export async function roadMapForAdmin(core: Core, actor: Actor, id: number, options: { write?: boolean } = {}): Promise<RoadMap> {
  const plan = await core.database.db.select().from(roadMaps).where(eq(roadMaps.id, id)).get();
  if (!plan) throw new DomainError('not-found');
  if (actor.role === 'coordinator') assertInScope(actor, plan.municipalityId);
  if (options.write) assertCanWrite(actor);
  return plan;
}

/** The plan's rows in table order; dropped ones (gone from a re-imported version) only when asked. */
export async function itemsOf(core: Core, roadMapId: number, options: { dropped?: boolean } = {}): Promise<RoadMapItem[]> {
  return core.database.db
    .select()
    .from(roadMapItems)
    .where(and(eq(roadMapItems.roadMapId, roadMapId), options.dropped ? undefined : isNull(roadMapItems.droppedAt)))
    .orderBy(asc(roadMapItems.position), asc(roadMapItems.id));
}

export async function itemForAdmin(core: Core, actor: Actor, itemId: number, options: { write?: boolean } = {}): Promise<{ plan: RoadMap; item: RoadMapItem }> {
  const item = await core.database.db.select().from(roadMapItems).where(eq(roadMapItems.id, itemId)).get();
  if (!item) throw new DomainError('not-found');
  const plan = await roadMapForAdmin(core, actor, item.roadMapId, options);
  return { plan, item };
}

export async function deleteRoadMapInReview(core: Core, actor: Actor, id: number): Promise<void> {
  const plan = await roadMapForAdmin(core, actor, id, { write: true });
  if (plan.stage !== 'review') throw invalidInput('plan', 'roadmap-not-in-review');
  await core.database.atomic([
    core.database.db.delete(roadMapItems).where(eq(roadMapItems.roadMapId, id)),
    core.database.db.delete(roadMaps).where(eq(roadMaps.id, id)),
    auditEntryWhere(core, actor, {
      action: 'roadmap.delete',
      entity: 'roadmap',
      entityId: id,
      municipalityId: plan.municipalityId,
      before: { title: plan.title },
    }),
  ]);
}
