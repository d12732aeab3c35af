// The executors' questions in the bot: planned around each row's deadline, sent while the row is open, shown on the schedule page.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roadMapItemLinks, roadMapItems, roadMaps } from '../../db/schema/index.js';
import type { Actor } from '../admins/access.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { regionTimezone } from '../directory/places.js';
import { localToUtc } from '../time/time.js';
import { escapeHtml } from '../text/html.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';
import type { DescribeDue } from '../scheduler/due.js';
import { executorAudiences, executorsOf } from './executors.js';
import { itemsOf, type RoadMap, type RoadMapItem } from './plans.js';
import { reimportRoadMap, type ItemChange } from './reimport.js';
import { deadlineOf, statesOf } from './tracking.js';
import type { ParsedRoadMap } from './types.js';
import type { Locale } from '../../locales/translator.js';

export const askJobKind = 'roadmap-ask';
const day = 86_400_000;
/** Three days before the deadline, then a day and four days after it while overdue. */
const askPoints: { point: string; offset: number }[] = [
  { point: 'before', offset: -3 * day },
  { point: 'o1', offset: day },
  { point: 'o2', offset: 4 * day },
];

/**
 * The executors' questions of an active plan as due rows: for every row with a deadline and no linked task (a task
 * asks and chases its own assignees), before the deadline and after it while overdue. Keyed by the deadline, so
 * a re-import that moves it plans anew and the old rows find it changed.
 */
export async function scheduleExecutorAsks(core: Core, plan: RoadMap): Promise<void> {
  if (plan.stage !== 'active') return;
  const items = await itemsOf(core, plan.id);
  const zone = await regionTimezone(core);
  const now = core.clock.now();
  const withTasks = new Set<number>();
  for (let i = 0; i < items.length; i += 90) {
    const rows = await core.database.db
      .select({ itemId: roadMapItemLinks.itemId })
      .from(roadMapItemLinks)
      .where(
        and(
          inArray(
            roadMapItemLinks.itemId,
            items.slice(i, i + 90).map((x) => x.id),
          ),
          sql`${roadMapItemLinks.taskId} is not null`,
        ),
      );
    for (const r of rows) withTasks.add(r.itemId);
  }
  const jobs: NewScheduledJob[] = [];
  for (const item of items) {
    const deadline = deadlineOf(item, zone);
    if (deadline === null || withTasks.has(item.id) || executorAudiences(item, plan).length === 0) continue;
    const deadlineDay = localToUtc(`${new Date(deadline).toISOString().slice(0, 10)}T10:00`, zone);
    for (const { point, offset } of askPoints) {
      const dueAt = deadlineDay + offset;
      if (dueAt > now)
        jobs.push({ kind: askJobKind, dueAt, payload: { itemId: item.id, point, deadline }, dedupeKey: `roadmap:${item.id}:ask:${deadline}:${point}` });
    }
  }
  await scheduleJobs(core, jobs);
}

/**
 * A corrected version of an active plan: the rows updated (reimport.ts), then the executors' questions planned for new
 * rows and moved deadlines (the old ones find their deadline changed and send nothing).
 */
export async function reimportAndReplan(core: Core, actor: Actor, id: number, parsed: ParsedRoadMap): Promise<ItemChange[]> {
  const changes = await reimportRoadMap(core, actor, id, parsed);
  const plan = await core.database.db.select().from(roadMaps).where(eq(roadMaps.id, id)).get();
  if (plan) await scheduleExecutorAsks(core, plan);
  return changes;
}

export const askPayloadSchema = z.object({ itemId: z.number().int().positive(), point: z.string().max(10), deadline: z.number().int() });

/**
 * One question point of a row: its executors are asked (before the deadline) or chased (after it, while overdue),
 * one message each (the outbox keeps it out of their quiet hours). Nothing is sent for a row that is done, cancelled,
 * dropped from the plan or whose deadline moved since the job was planned.
 */
export async function runExecutorAsk(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const { itemId, point, deadline } = askPayloadSchema.parse(payload);
  const { db } = core.database;
  const item = await db
    .select()
    .from(roadMapItems)
    .where(and(eq(roadMapItems.id, itemId), isNull(roadMapItems.droppedAt)))
    .get();
  if (!item) return 0;
  const plan = (await db.select().from(roadMaps).where(eq(roadMaps.id, item.roadMapId)).get())!;
  const zone = await regionTimezone(core);
  if (deadlineOf(item, zone) !== deadline) return 0;
  const state = (await statesOf(core, [item], now)).get(item.id)!;
  const overdue = point !== 'before';
  if (['done', 'done_late', 'cancelled'].includes(state.status) || (overdue && state.status !== 'overdue')) return 0;
  const items: NewDelivery[] = [];
  for (const p of await executorsOf(core, item, plan)) {
    items.push({
      personId: p.id,
      purpose: overdue ? 'roadmap-chase' : 'roadmap-ask',
      dedupeKey: `roadmap:${item.id}:ask:${deadline}:${point}:${p.id}`,
      notBefore: now,
      message: askMessage(core, plan, item, p.as, overdue, p.language),
    });
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

/** Callback data of an executor's answer: `rm:<itemId>:done|move|prob` (validated in core/roadmaps/buttons.ts). */
export function executorAction(itemId: number, action: 'done' | 'move' | 'prob'): string {
  return `rm:${itemId}:${action}`;
}

export function askMessage(core: Core, plan: Pick<RoadMap, 'title'>, item: RoadMapItem, as: string, overdue: boolean, locale: Locale): OutgoingMessage {
  const t = (key: string, args?: Record<string, string | number>) => core.translate(locale, key, args);
  const buttons: MessageButton[][] = [
    [
      { text: t('roadmap-button-done'), action: executorAction(item.id, 'done') },
      { text: t('roadmap-button-move'), action: executorAction(item.id, 'move') },
    ],
    [{ text: t('roadmap-button-problem'), action: executorAction(item.id, 'prob') }],
  ];
  const lines = [
    t(overdue ? 'roadmap-ask-overdue-head' : 'roadmap-ask-head'),
    t('roadmap-ask-plan', { plan: escapeHtml(plan.title) }),
    `<b>${item.number ? `${escapeHtml(item.number)}. ` : ''}${escapeHtml(item.text.slice(0, 1500))}</b>`,
    t('roadmap-ask-due', { due: escapeHtml(item.dateText || '—') }),
    t('roadmap-ask-as', { executor: escapeHtml(as) }),
  ];
  return { html: lines.join('\n'), buttons, noPreview: true };
}

/** The schedule page's words for the questions due: the row, before or after its deadline, and who it would ask now. */
export const describeExecutorAsks: DescribeDue = async (core, rows, locale) => {
  const { db } = core.database;
  const ids = [...new Set(rows.map((r) => Number(r.payload['itemId'])).filter(Number.isInteger))];
  const found = new Map<number, { item: RoadMapItem; plan: RoadMap }>();
  for (let i = 0; i < ids.length; i += 90) {
    const pairs = await db
      .select({ item: roadMapItems, plan: roadMaps })
      .from(roadMapItems)
      .innerJoin(roadMaps, eq(roadMaps.id, roadMapItems.roadMapId))
      .where(inArray(roadMapItems.id, ids.slice(i, i + 90)));
    for (const p of pairs) found.set(p.item.id, p);
  }
  const reach = new Map<number, number>();
  for (const [id, { item, plan }] of found) reach.set(id, (await executorsOf(core, item, plan)).length);
  return rows.map((r) => {
    const itemId = Number(r.payload['itemId']);
    const point = String(r.payload['point'] ?? '');
    const pair = found.get(itemId);
    const title = core.translate(locale, point === 'before' ? 'roadmap-schedule-ask' : 'roadmap-schedule-chase', {
      title: pair?.item.text.slice(0, 120) ?? `#${itemId}`,
    });
    return { title, recipients: reach.get(itemId) ?? 0, link: pair ? `/roadmaps/items/${itemId}` : null, group: `${itemId}:${point}` };
  });
};
