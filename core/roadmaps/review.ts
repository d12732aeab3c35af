// The review of an imported plan: the reviewer's edits of its rows, rows merged, split or removed.
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roadMapItemHistory, roadMapItemLinks, roadMapItems } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import type { Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { DomainError, invalidInput, toFieldIssue, type FieldIssue } from '../errors.js';
import { itemForAdmin, itemsOf, periodOf, roadMapForAdmin, type RoadMapItem } from './plans.js';
import { reparseDue } from './reading.js';
import { roadMapEventKinds, roadMapRowKinds } from './types.js';

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
