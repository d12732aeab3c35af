import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  eventParticipants,
  events,
  roadMapItemHistory,
  roadMapItemLinks,
  roadMapItems,
  roadMapPrompts,
  roadMaps,
  taskConfirmations,
  tasks,
} from '../../db/schema/index.js';
import { itemStatuses, type ItemStatus } from '../vocabulary/roadmaps.js';
import { assertCanWrite, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import { inAudience, resolveAudience, type AudienceMember, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { MessageButton, OutgoingMessage } from '../vocabulary/message.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import type { Person } from '../directory/people.js';
import { regionTimezone } from '../directory/places.js';
import type { PersonRole } from '../directory/vocabulary.js';
import { DomainError, parseInput } from '../errors.js';
import { localToUtc } from '../time/time.js';
import { escapeHtml } from '../text/html.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';
import type { DescribeDue } from '../schedule/due.js';
import { itemForAdmin, itemsOf, reimportRoadMap, type ItemChange, type RoadMap, type RoadMapItem } from './plans.js';
import type { ParsedRoadMap } from './types.js';
import type { Locale } from '../../locales/translator.js';

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

// ——— executors in the bot ———

/**
 * Who in the directory answers for an executor named in a plan. The institute's names (ИРО, ЦОКО, the regional
 * coordinator) are the bot's editors; МОУО / муниципальные координаторы the coordinators; кураторы the curators;
 * ОО, руководители ОО and ШНОР the school leads (of ШНОР-tagged schools for ШНОР). A municipal plan narrows each to its
 * municipality. The ministry, ФИОКО, teachers and unknown names are asked nobody: their rows are marked in the panel.
 */
const executorRules: Record<string, { role: PersonRole; schoolTags?: string[] }> = {
  ИРО: { role: 'editor' },
  ЦОКО: { role: 'editor' },
  'региональный координатор': { role: 'editor' },
  МОУО: { role: 'coordinator' },
  'муниципальные координаторы': { role: 'coordinator' },
  кураторы: { role: 'curator' },
  ОО: { role: 'school_lead' },
  'руководители ОО': { role: 'school_lead' },
  ШНОР: { role: 'school_lead', schoolTags: ['shnor'] },
};

/** The audience rules of a row's executors (one per named executor the directory knows). */
export function executorAudiences(item: Pick<RoadMapItem, 'responsible'>, plan: Pick<RoadMap, 'municipalityId'>): { name: string; rule: AudienceRule }[] {
  return item.responsible.flatMap((name) => {
    const rule = executorRules[name];
    if (!rule) return [];
    return [
      {
        name,
        rule: {
          roles: [rule.role],
          ...(rule.schoolTags ? { schoolTags: rule.schoolTags } : {}),
          ...(plan.municipalityId !== null ? { municipalityIds: [plan.municipalityId] } : {}),
        },
      },
    ];
  });
}

/** The people who answer for a row, each once, with the executor name they answer for. */
export async function executorsOf(core: Core, item: RoadMapItem, plan: RoadMap): Promise<(AudienceMember & { as: string })[]> {
  const seen = new Map<number, AudienceMember & { as: string }>();
  for (const { name, rule } of executorAudiences(item, plan))
    for (const p of await resolveAudience(core, rule)) if (!seen.has(p.id)) seen.set(p.id, { ...p, as: name });
  return [...seen.values()];
}

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
 * A corrected version of an active plan: the rows updated (plans.ts), then the executors' questions planned for new
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
      chatId: String(p.telegramId),
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

/** Callback data of an executor's answer: `rm:<itemId>:done|move|prob` (validated in bot/callback-data/roadmaps.ts). */
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

export const executorAnswers = { done: 'done', move: 'postponed', prob: null } as const;
export type ExecutorAnswer = keyof typeof executorAnswers;
const promptTtlMs = 24 * 3_600_000;

/** Whether a person answers for a row: one of its executors in the directory, the plan active, the row not dropped. */
async function answerableItem(core: Core, person: Pick<Person, 'id'>, itemId: number): Promise<{ item: RoadMapItem; plan: RoadMap }> {
  const { db } = core.database;
  const item = await db
    .select()
    .from(roadMapItems)
    .where(and(eq(roadMapItems.id, itemId), isNull(roadMapItems.droppedAt)))
    .get();
  const plan = item && (await db.select().from(roadMaps).where(eq(roadMaps.id, item.roadMapId)).get());
  if (!item || !plan || plan.stage !== 'active') throw new DomainError('not-found');
  for (const { rule } of executorAudiences(item, plan)) if (await inAudience(core, rule, person.id)) return { item, plan };
  throw new DomainError('not-assignee');
}

/**
 * An executor's button: «Выполнено» marks the row done, «Перенести» postponed, «Есть проблема» keeps its status; each is
 * a history entry, and the next text or file from them (within a day) is its result, new date or problem.
 */
export async function answerAsExecutor(core: Core, person: Person, itemId: number, answer: ExecutorAnswer): Promise<{ item: RoadMapItem; plan: RoadMap }> {
  const found = await answerableItem(core, person, itemId);
  const now = core.clock.now();
  const { db } = core.database;
  const entry = await db
    .insert(roadMapItemHistory)
    .values({ itemId, source: 'executor', status: executorAnswers[answer], personId: person.id, by: person.fullName ?? `#${person.id}`, at: now })
    .returning({ id: roadMapItemHistory.id })
    .get();
  await db
    .insert(roadMapPrompts)
    .values({ personId: person.id, historyId: entry.id, expiresAt: now + promptTtlMs })
    .onConflictDoUpdate({ target: roadMapPrompts.personId, set: { historyId: entry.id, expiresAt: now + promptTtlMs } });
  return found;
}

/** The answer the person's next message completes, if one waits. */
export async function waitingAnswer(core: Core, personId: number): Promise<ItemHistory | undefined> {
  const { db } = core.database;
  const prompt = await db
    .select()
    .from(roadMapPrompts)
    .where(and(eq(roadMapPrompts.personId, personId), gt(roadMapPrompts.expiresAt, core.clock.now())))
    .get();
  if (!prompt) return undefined;
  return db.select().from(roadMapItemHistory).where(eq(roadMapItemHistory.id, prompt.historyId)).get();
}

/** Attaches a result text or a file to the waiting answer and stops waiting. */
export async function completeAnswer(core: Core, personId: number, content: { text?: string | null; fileId?: string | null }): Promise<boolean> {
  const waiting = await waitingAnswer(core, personId);
  if (!waiting) return false;
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(roadMapItemHistory)
      .set({ comment: content.text?.trim().slice(0, 2000) || waiting.comment, fileId: content.fileId ?? waiting.fileId })
      .where(eq(roadMapItemHistory.id, waiting.id)),
    db.delete(roadMapPrompts).where(eq(roadMapPrompts.personId, personId)),
  ]);
  return true;
}

/** The schedule page's words for the questions due: the row, before or after its deadline, and who it would ask now. */
export const describeExecutorAsks: DescribeDue = async (core, rows) => {
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
    const title = core.translate('ru', point === 'before' ? 'roadmap-schedule-ask' : 'roadmap-schedule-chase', {
      title: pair?.item.text.slice(0, 120) ?? `#${itemId}`,
    });
    return { title, recipients: reach.get(itemId) ?? 0, link: pair ? `/roadmaps/items/${itemId}` : null, group: `${itemId}:${point}` };
  });
};
