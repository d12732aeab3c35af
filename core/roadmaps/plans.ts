import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roadMapItemHistory, roadMapItemLinks, roadMapItems, roadMaps } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, parseInput, toFieldIssue, type FieldIssue } from '../errors.js';
import { reparseDue } from './reading.js';
import type { ParsedRoadMap, RoadMapPeriod, RoadMapRow } from './types.js';
import { roadMapEventKinds, roadMapRowKinds } from '../vocabulary/roadmaps.js';

/**
 * Road maps in the panel: a parsed plan stored for review, its rows edited, merged, split or removed by a person, and a
 * corrected version re-imported over it. A coordinator sees and changes only the plans of their municipalities; a
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

function itemValues(row: RoadMapRow, roadMapId: number, position: number, now: number) {
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
function insertItems(core: Core, rows: ReturnType<typeof itemValues>[]): PendingQuery[] {
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

/** A list cell typed in the review table: names separated by commas or semicolons. */
const namesSchema = z
  .string()
  .max(1000)
  .transform((text) => [
    ...new Set(
      text
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]);

/** One row as the reviewer edits it; the parsed dates are not typed but re-read from an edited date text. */
export const itemEditSchema = z.object({
  number: z
    .string()
    .trim()
    .max(20)
    .transform((v) => v || null),
  section: z
    .string()
    .trim()
    .max(500)
    .transform((v) => v || null),
  text: z.string().trim().min(3).max(5000),
  dateText: z.string().trim().max(1000),
  kind: z.enum(roadMapRowKinds),
  eventKind: z.union([z.enum(roadMapEventKinds), z.literal('')]).transform((v) => v || null),
  responsible: namesSchema,
  audience: namesSchema,
  result: z
    .string()
    .trim()
    .max(5000)
    .transform((v) => v || null),
});
export type ItemEdit = z.input<typeof itemEditSchema>;

/**
 * Saves the reviewer's edits of several rows at once. A changed date text is parsed again (its doubts replace the
 * old ones about the date); a changed kind or executor clears the parser's doubts, since a person has decided.
 */
export async function saveItemEdits(core: Core, actor: Actor, roadMapId: number, edits: Map<number, ItemEdit>): Promise<number> {
  const plan = await roadMapForAdmin(core, actor, roadMapId, { write: true });
  const items = new Map((await itemsOf(core, roadMapId)).map((i) => [i.id, i]));
  const now = core.clock.now();
  const statements: PendingQuery[] = [];
  const issues: FieldIssue[] = [];
  const changed: number[] = [];
  for (const [id, edit] of edits) {
    const item = items.get(id);
    if (!item) throw new DomainError('not-found');
    // A row sent back as it was is not validated: a parsed cell longer than a person may type must not block the rest.
    if (unchanged(item, edit)) continue;
    const parsed = itemEditSchema.safeParse(edit);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ ...toFieldIssue(issue), field: `r${id}.${issue.path.join('.')}` });
      continue;
    }
    const v = parsed.data;
    const patch: Partial<RoadMapItem> = {};
    for (const key of ['number', 'section', 'text', 'kind', 'eventKind', 'result'] as const) if (v[key] !== item[key]) Object.assign(patch, { [key]: v[key] });
    if (JSON.stringify(v.responsible) !== JSON.stringify(item.responsible)) patch.responsible = v.responsible;
    if (JSON.stringify(v.audience) !== JSON.stringify(item.audience)) patch.audience = v.audience;
    if (v.dateText !== item.dateText) {
      const reread = reparseDue(v.dateText, periodOf(plan), { measure: v.text, form: item.form ?? undefined });
      Object.assign(patch, { dateText: v.dateText, due: reread.due, doubts: reread.doubts });
    } else if (Object.keys(patch).length) patch.doubts = [];
    if (patch.kind && patch.kind !== 'event' && v.eventKind === item.eventKind) patch.eventKind = null;
    if (Object.keys(patch).length === 0) continue;
    changed.push(id);
    statements.push(
      core.database.db
        .update(roadMapItems)
        .set({ ...patch, updatedAt: now })
        .where(eq(roadMapItems.id, id)),
    );
  }
  if (issues.length) throw new DomainError('invalid-input', undefined, issues);
  if (statements.length === 0) return 0;
  statements.push(
    auditEntry(core, actor, { action: 'roadmap.review', entity: 'roadmap', entityId: plan.id, municipalityId: plan.municipalityId, after: { items: changed } }),
  );
  await core.database.atomic(statements);
  return changed.length;
}

function unchanged(item: RoadMapItem, edit: ItemEdit): boolean {
  const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();
  return (
    same(item.number, edit.number) &&
    same(item.section, edit.section) &&
    same(item.text, edit.text) &&
    same(item.dateText, edit.dateText) &&
    item.kind === edit.kind &&
    same(item.eventKind, edit.eventKind) &&
    same(item.result, edit.result) &&
    same(item.responsible.join(', '), edit.responsible) &&
    same(item.audience.join(', '), edit.audience)
  );
}

/** Joins a row with the next one (a row the parser cut in two): texts and dates joined, executors and audience united. */
export async function mergeWithNext(core: Core, actor: Actor, itemId: number): Promise<void> {
  const { plan, item } = await itemForAdmin(core, actor, itemId, { write: true });
  const items = await itemsOf(core, plan.id);
  const next = items[items.findIndex((i) => i.id === itemId) + 1];
  if (!next) throw invalidInput('item', 'roadmap-no-next-row');
  const dateText = [item.dateText, next.dateText].filter(Boolean).join('; ');
  const text = `${item.text} ${next.text}`.slice(0, 3000);
  const reread =
    dateText === item.dateText ? { due: item.due, doubts: item.doubts } : reparseDue(dateText, periodOf(plan), { measure: text, form: item.form ?? undefined });
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db
      .update(roadMapItems)
      .set({
        text,
        dateText,
        due: reread.due,
        doubts: reread.doubts,
        responsible: [...new Set([...item.responsible, ...next.responsible])],
        audience: [...new Set([...item.audience, ...next.audience])],
        result: [item.result, next.result].filter(Boolean).join(' ') || null,
        updatedAt: now,
      })
      .where(eq(roadMapItems.id, item.id)),
    // The next row's drafts and execution history now belong to the merged row.
    core.database.db
      .update(roadMapItemLinks)
      .set({ itemId: item.id })
      .where(eq(roadMapItemLinks.itemId, next.id)),
    core.database.db.update(roadMapItemHistory).set({ itemId: item.id }).where(eq(roadMapItemHistory.itemId, next.id)),
    core.database.db.delete(roadMapItems).where(eq(roadMapItems.id, next.id)),
    auditEntry(core, actor, {
      action: 'roadmap.merge',
      entity: 'roadmap',
      entityId: plan.id,
      municipalityId: plan.municipalityId,
      after: { item: item.id, merged: next.id },
    }),
  ]);
}

/** Splits a row at the first line break of its text (the reviewer puts it there): the rest becomes a new row just after it. */
export async function splitItem(core: Core, actor: Actor, itemId: number): Promise<RoadMapItem> {
  const { plan, item } = await itemForAdmin(core, actor, itemId, { write: true });
  const at = item.text.indexOf('\n');
  const head = at < 0 ? '' : item.text.slice(0, at).trim();
  const tail = at < 0 ? '' : item.text.slice(at + 1).trim();
  if (head.length < 3 || tail.length < 3) throw invalidInput(`r${item.id}.text`, 'roadmap-split-needs-line');
  const now = core.clock.now();
  const { db } = core.database;
  // The new row takes the place right after this one: the rows below move down by one step.
  await core.database.atomic([
    db
      .update(roadMapItems)
      .set({ position: sql`${roadMapItems.position} + 10` })
      .where(and(eq(roadMapItems.roadMapId, plan.id), sql`${roadMapItems.position} > ${item.position}`)),
    db.update(roadMapItems).set({ text: head, updatedAt: now }).where(eq(roadMapItems.id, item.id)),
    db.insert(roadMapItems).values({ ...item, id: undefined, position: item.position + 5, number: null, text: tail, dateToConfirm: false, updatedAt: now }),
    auditEntry(core, actor, { action: 'roadmap.split', entity: 'roadmap', entityId: plan.id, municipalityId: plan.municipalityId, after: { item: item.id } }),
  ]);
  return (await db.select().from(roadMapItems).where(eq(roadMapItems.roadMapId, plan.id)).orderBy(desc(roadMapItems.id)).get())!;
}

/** Removes a row that is not a measure (a heading, a goal). Only in review: once drafts exist, a row is cancelled instead. */
export async function removeItem(core: Core, actor: Actor, itemId: number): Promise<void> {
  const { plan, item } = await itemForAdmin(core, actor, itemId, { write: true });
  if (plan.stage !== 'review') throw invalidInput('item', 'roadmap-not-in-review');
  await core.database.atomic([
    core.database.db.delete(roadMapItems).where(eq(roadMapItems.id, item.id)),
    auditEntry(core, actor, {
      action: 'roadmap.remove-row',
      entity: 'roadmap',
      entityId: plan.id,
      municipalityId: plan.municipalityId,
      before: { number: item.number, text: item.text },
    }),
  ]);
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

// ——— re-import ———

export interface ItemChange {
  number: string | null;
  text: string;
  kind: 'changed' | 'added' | 'dropped';
  /** For a changed row: field → [before, after] as the reviewer reads them. */
  fields: Record<string, [string, string]>;
}

/** Text folded for matching rows across versions: case, ё, punctuation and spacing do not count. */
function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();
}

const comparedFields = ['number', 'section', 'text', 'dateText', 'kind', 'eventKind', 'responsible', 'audience', 'result', 'form'] as const;

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Takes a corrected version of the same plan: each new row is matched to a stored one by its number within its
 * section, else by its folded text; a matched row is updated field by field (its links and history stay), a new row is
 * added, a stored row the new version lacks is marked dropped (kept for its links and history). Returns what changed.
 */
export async function reimportRoadMap(core: Core, actor: Actor, id: number, parsed: ParsedRoadMap): Promise<ItemChange[]> {
  const plan = await roadMapForAdmin(core, actor, id, { write: true });
  if (parsed.rows.length === 0) throw invalidInput('source', 'roadmap-no-rows');
  const stored = await itemsOf(core, id);
  const byNumber = new Map<string, RoadMapItem>();
  const byText = new Map<string, RoadMapItem>();
  for (const item of stored) {
    if (item.number) byNumber.set(`${item.section ?? ''}|${item.number}`, item);
    byText.set(fold(item.text), item);
  }
  const used = new Set<number>();
  const take = (item: RoadMapItem | undefined) => (item && !used.has(item.id) ? item : undefined);
  const now = core.clock.now();
  const { db } = core.database;
  const changes: ItemChange[] = [];
  const statements: PendingQuery[] = [];
  const added: ReturnType<typeof itemValues>[] = [];
  parsed.rows.forEach((row, i) => {
    const position = (i + 1) * 10;
    const match = take(byText.get(fold(row.text))) ?? take(row.number ? byNumber.get(`${row.section ?? ''}|${row.number}`) : undefined);
    if (!match) {
      added.push(itemValues(row, id, position, now));
      changes.push({ number: row.number, text: row.text, kind: 'added', fields: {} });
      return;
    }
    used.add(match.id);
    const fields: Record<string, [string, string]> = {};
    for (const key of comparedFields) if (shown(match[key]) !== shown(row[key])) fields[key] = [shown(match[key]), shown(row[key])];
    const patch = Object.keys(fields).length ? { ...itemValues(row, id, position, now) } : { position };
    statements.push(db.update(roadMapItems).set(patch).where(eq(roadMapItems.id, match.id)));
    if (Object.keys(fields).length) changes.push({ number: row.number, text: row.text, kind: 'changed', fields });
  });
  const dropped = stored.filter((item) => !used.has(item.id));
  if (dropped.length) {
    for (let i = 0; i < dropped.length; i += 90)
      statements.push(
        db
          .update(roadMapItems)
          .set({ droppedAt: now, updatedAt: now })
          .where(
            inArray(
              roadMapItems.id,
              dropped.slice(i, i + 90).map((d) => d.id),
            ),
          ),
      );
    for (const item of dropped) changes.push({ number: item.number, text: item.text, kind: 'dropped', fields: {} });
  }
  statements.push(...insertItems(core, added));
  statements.push(
    db
      .update(roadMaps)
      .set({
        title: parsed.title.slice(0, 500) || plan.title,
        periodFrom: parsed.period.from,
        periodTo: parsed.period.to,
        academic: parsed.period.academic,
        reimportedAt: now,
        updatedAt: now,
      })
      .where(eq(roadMaps.id, id)),
    auditEntry(core, actor, {
      action: 'roadmap.reimport',
      entity: 'roadmap',
      entityId: id,
      municipalityId: plan.municipalityId,
      after: { changed: changes.filter((c) => c.kind === 'changed').length, added: added.length, dropped: dropped.length },
    }),
  );
  await core.database.atomic(statements);
  return changes;
}
