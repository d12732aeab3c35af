// The execution status of a plan's rows, read as of any instant from their links, answers and manual entries.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { eventParticipants, events, roadMapItemHistory, roadMapItemLinks, taskConfirmations, tasks } from '../../db/schema/index.js';
import { itemStatuses, type ItemStatus } from '../vocabulary/roadmaps.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { regionTimezone } from '../directory/places.js';
import { parseInput } from '../errors.js';
import { localToUtc } from '../time/time.js';
import { itemForAdmin, type RoadMapItem } from './plans.js';

/**
 * Execution of a plan. An item's status is read, never stored: from what was set by hand (the latest manual entry
 * wins), from its linked events (held) and tasks (every assignee confirmed), and from its executors' answers in the
 * bot, against its deadline, as of any instant — so the report for a past date or quarter is the plan as it was then.
 */

export type ItemHistory = typeof roadMapItemHistory.$inferSelect;

export interface ItemState {
  status: ItemStatus;
  /** When it was completed (done or done late). */
  completedAt: number | null;
  /** The end of the deadline's day, UTC ms; null when the row has no deadline. */
  deadline: number | null;
  /** What the linked drafts say: events held / planned, attendance, tasks confirmed of assigned. */
  events: { total: number; held: number; cancelled: number; attended: number };
  tasks: { total: number; published: number; assignees: number; confirmed: number };
  /** The latest comment or result (by hand or from an executor) up to that instant. */
  note: string | null;
  manual: boolean;
}

/** The end (23:59 local) of a row's last day, or null without one. */
export function deadlineOf(item: Pick<RoadMapItem, 'due'>, zone: string): number | null {
  const last = item.due.to ?? item.due.occurrences.at(-1)?.to ?? null;
  return last ? localToUtc(`${last}T23:59`, zone) + 59_999 : null;
}

/** The statuses of many items as of an instant, with three reads for the links, two for events and tasks and one for the history. */
export async function statesOf(core: Core, items: RoadMapItem[], at: number): Promise<Map<number, ItemState>> {
  const { db } = core.database;
  const zone = await regionTimezone(core);
  const ids = items.map((i) => i.id);
  const links: (typeof roadMapItemLinks.$inferSelect)[] = [];
  const history: ItemHistory[] = [];
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    links.push(...(await db.select().from(roadMapItemLinks).where(inArray(roadMapItemLinks.itemId, chunk))));
    history.push(
      ...(await db
        .select()
        .from(roadMapItemHistory)
        .where(and(inArray(roadMapItemHistory.itemId, chunk), lte(roadMapItemHistory.at, at)))
        .orderBy(asc(roadMapItemHistory.at), asc(roadMapItemHistory.id))),
    );
  }
  const eventIds = links.flatMap((l) => (l.eventId === null ? [] : [l.eventId]));
  const taskIds = links.flatMap((l) => (l.taskId === null ? [] : [l.taskId]));
  const eventInfo = new Map<number, { status: string; endsAt: number; cancelledAt: number | null; publishedAt: number | null; attended: number }>();
  for (let i = 0; i < eventIds.length; i += 90) {
    const rows = await db
      .select({
        id: events.id,
        status: events.status,
        endsAt: events.endsAt,
        cancelledAt: events.cancelledAt,
        publishedAt: events.publishedAt,
        attended: sql<number>`(select count(*) from ${eventParticipants} p where p.event_id = ${events.id} and p.attended = 1)`,
      })
      .from(events)
      .where(inArray(events.id, eventIds.slice(i, i + 90)));
    for (const r of rows) eventInfo.set(r.id, r);
  }
  const taskInfo = new Map<number, { publishedAt: number | null; assignees: number; confirmed: number; lastAt: number | null }>();
  for (let i = 0; i < taskIds.length; i += 90) {
    const rows = await db
      .select({
        id: tasks.id,
        publishedAt: tasks.publishedAt,
        assignees: sql<number>`(select count(*) from ${taskConfirmations} c where c.task_id = ${tasks.id})`,
        confirmed: sql<number>`(select count(*) from ${taskConfirmations} c where c.task_id = ${tasks.id} and c.status in ('confirmed','verified') and c.confirmed_at <= ${at})`,
        lastAt: sql<
          number | null
        >`(select max(c.confirmed_at) from ${taskConfirmations} c where c.task_id = ${tasks.id} and c.status in ('confirmed','verified') and c.confirmed_at <= ${at})`,
      })
      .from(tasks)
      .where(inArray(tasks.id, taskIds.slice(i, i + 90)));
    for (const r of rows) taskInfo.set(r.id, r);
  }
  const out = new Map<number, ItemState>();
  for (const item of items) {
    const mine = links.filter((l) => l.itemId === item.id);
    const said = history.filter((h) => h.itemId === item.id);
    out.set(item.id, stateOf(item, mine, said, eventInfo, taskInfo, at, zone));
  }
  return out;
}

function stateOf(
  item: RoadMapItem,
  links: (typeof roadMapItemLinks.$inferSelect)[],
  said: ItemHistory[],
  eventInfo: Map<number, { status: string; endsAt: number; cancelledAt: number | null; publishedAt: number | null; attended: number }>,
  taskInfo: Map<number, { publishedAt: number | null; assignees: number; confirmed: number; lastAt: number | null }>,
  at: number,
  zone: string,
): ItemState {
  const deadline = deadlineOf(item, zone);
  const ev = { total: 0, held: 0, cancelled: 0, attended: 0 };
  const tk = { total: 0, published: 0, assignees: 0, confirmed: 0 };
  let completedAt: number | null = null;
  let started = false;
  for (const link of links) {
    const e = link.eventId === null ? undefined : eventInfo.get(link.eventId);
    if (e) {
      ev.total++;
      if (e.status === 'cancelled' && (e.cancelledAt ?? 0) <= at) ev.cancelled++;
      else if (e.publishedAt !== null && e.publishedAt <= at) {
        started = true;
        if (e.endsAt <= at) {
          ev.held++;
          ev.attended += e.attended;
          completedAt = Math.max(completedAt ?? 0, e.endsAt);
        }
      }
    }
    const t = link.taskId === null ? undefined : taskInfo.get(link.taskId);
    if (t) {
      tk.total++;
      if (t.publishedAt !== null && t.publishedAt <= at) {
        tk.published++;
        started = true;
        tk.assignees += t.assignees;
        tk.confirmed += t.confirmed;
        if (t.lastAt !== null) completedAt = Math.max(completedAt ?? 0, t.lastAt);
      }
    }
  }
  const lastNote = [...said].reverse().find((h) => h.comment)?.comment ?? null;
  const manual = [...said].reverse().find((h) => h.source === 'manual' && h.status);
  const base = { deadline, events: ev, tasks: tk, note: lastNote };
  if (manual)
    return { ...base, status: manual.status!, completedAt: manual.status === 'done' || manual.status === 'done_late' ? manual.at : null, manual: true };
  const eventsDone = ev.total > 0 ? ev.held > 0 && ev.held + ev.cancelled === ev.total : true;
  const tasksDone = tk.total > 0 ? tk.published === tk.total && tk.assignees > 0 && tk.confirmed === tk.assignees : true;
  let completed = links.length > 0 && ev.total + tk.total > 0 && eventsDone && tasksDone && !(ev.total > 0 && ev.cancelled === ev.total);
  const answer = [...said].reverse().find((h) => h.source === 'executor' && h.status);
  if (!completed && answer?.status === 'done') {
    completed = true;
    completedAt = answer.at;
  }
  if (completed) return { ...base, status: deadline !== null && (completedAt ?? 0) > deadline ? 'done_late' : 'done', completedAt, manual: false };
  if (ev.total > 0 && ev.cancelled === ev.total && tk.total === 0) return { ...base, status: 'cancelled', completedAt: null, manual: false };
  if (answer?.status === 'postponed') return { ...base, status: 'postponed', completedAt: null, manual: false };
  if (deadline !== null && deadline < at) return { ...base, status: 'overdue', completedAt: null, manual: false };
  const begun = item.due.from !== null && localToUtc(`${item.due.from}T00:00`, zone) <= at;
  return { ...base, status: started || begun || said.length > 0 ? 'in_progress' : 'not_started', completedAt: null, manual: false };
}

export const manualStatusSchema = z.object({
  status: z.enum(itemStatuses),
  comment: z.string().trim().min(3).max(2000),
});
export type ManualStatusInput = z.input<typeof manualStatusSchema>;

/** Sets an item's status by hand with a comment (why), audited; it stands until set again. */
export async function setItemStatus(core: Core, actor: Actor, itemId: number, input: ManualStatusInput): Promise<void> {
  assertCanWrite(actor);
  const { plan, item } = await itemForAdmin(core, actor, itemId, { write: true });
  const valid = parseInput(manualStatusSchema, input);
  const now = core.clock.now();
  const before = (await statesOf(core, [item], now)).get(item.id)!;
  await core.database.atomic([
    core.database.db.insert(roadMapItemHistory).values({ itemId, source: 'manual', status: valid.status, comment: valid.comment, by: actor.label, at: now }),
    auditEntry(core, actor, {
      action: 'roadmap.item-status',
      entity: 'roadmap',
      entityId: plan.id,
      municipalityId: plan.municipalityId,
      before: { item: itemId, status: before.status },
      after: { item: itemId, ...valid },
    }),
  ]);
}

export async function historyOf(core: Core, itemId: number): Promise<ItemHistory[]> {
  return core.database.db
    .select()
    .from(roadMapItemHistory)
    .where(eq(roadMapItemHistory.itemId, itemId))
    .orderBy(asc(roadMapItemHistory.at), asc(roadMapItemHistory.id));
}

/** The events and tasks a row was turned into (its drafts), for the row's page. */
export async function linksOf(core: Core, itemId: number): Promise<(typeof roadMapItemLinks.$inferSelect)[]> {
  return core.database.db.select().from(roadMapItemLinks).where(eq(roadMapItemLinks.itemId, itemId));
}
