// A corrected version of a plan taken over the stored one: rows matched, updated, added or dropped, and the changes listed.
import { eq, inArray } from 'drizzle-orm';
import { roadMapItems, roadMaps } from '../../db/schema/index.js';
import type { PendingQuery } from '../../db/database.js';
import type { Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { invalidInput } from '../errors.js';
import { insertItems, itemsOf, itemValues, roadMapForAdmin, type RoadMapItem } from './plans.js';
import type { ParsedRoadMap } from './types.js';

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
