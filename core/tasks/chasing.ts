/** Chasing a task's late assignees at the points of its reminder plan, and escalating to their curators and coordinators. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, taskConfirmations, taskDigestSubscribers } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { coordinatorsOf, type Person } from '../directory/people.js';
import { personZone } from '../directory/zones.js';
import { recipients, type Recipient } from './assignment.js';
import { assigneeName, verifiers } from './confirmations.js';
import { escalationMessage, reminderMessage } from './messages.js';
import { getTask, openStatuses, type Task } from './tasks.js';

const chasePayloadSchema = z.object({ taskId: z.number().int(), dueAt: z.number().int(), point: z.string() });

/**
 * One point of a task's reminder plan: each person who still owes it (for a school task, each person of the audience
 * at a school that has not confirmed) is reminded, at once or when their quiet hours end. People who chose the
 * daily digest get it there instead; those who turned reminders off get none. Safe to run twice: the dedupe key per task, point and person.
 */
export async function runChase(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const parsed = chasePayloadSchema.safeParse(payload);
  if (!parsed.success) return 0;
  const task = await getTask(core, parsed.data.taskId);
  if (!task || task.status !== 'published' || task.dueAt !== parsed.data.dueAt) return 0;
  const reach = await chaseReach(core, task);
  const overdue = parsed.data.point.startsWith('o');
  const items: NewDelivery[] = [];
  for (const p of reach) {
    const zone = await personZone(core, p);
    items.push({
      personId: p.id,
      purpose: 'task-reminder',
      dedupeKey: `task:${task.id}:remind:${task.dueAt}:${parsed.data.point}:${p.id}`,
      priority: 6,
      notBefore: now,
      message: reminderMessage(core, task, p.language, zone, overdue),
    });
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

/** Who a chase point of the task reminds now: the audience at assignees still open, less digest readers and the muted. */
export async function chaseReach(core: Core, task: Task): Promise<Recipient[]> {
  const open = await openAssignees(core, task.id);
  const digest = new Set((await core.database.db.select({ id: taskDigestSubscribers.personId }).from(taskDigestSubscribers)).map((r) => r.id));
  // Those who turned reminders off in /profile are not chased either (the escalation still tells their curator).
  const muted = new Set(
    (await core.database.db.select({ id: people.id }).from(people).where(sql`json_extract(${people.notifications}, '$.reminders') = 0`)).map((r) => r.id),
  );
  return (await recipients(core, task)).filter((p) => open.has(p.assignee) && !digest.has(p.id) && !muted.has(p.id));
}

async function openAssignees(core: Core, taskId: number): Promise<Set<string>> {
  const rows = await core.database.db
    .select({ assignee: taskConfirmations.assignee })
    .from(taskConfirmations)
    .where(and(eq(taskConfirmations.taskId, taskId), inArray(taskConfirmations.status, openStatuses)));
  return new Set(rows.map((r) => r.assignee));
}

const escalatePayloadSchema = z.object({ taskId: z.number().int(), dueAt: z.number().int() });

/**
 * Overdue escalation: each curator of a school still open, and each coordinator of its municipality, gets one
 * message listing their late schools (or people). Once per task, due time and recipient.
 */
export async function runEscalation(core: Core, payload: Record<string, unknown>, now: number): Promise<number> {
  const parsed = escalatePayloadSchema.safeParse(payload);
  if (!parsed.success) return 0;
  const task = await getTask(core, parsed.data.taskId);
  if (!task || task.status !== 'published' || task.dueAt !== parsed.data.dueAt || now < task.dueAt) return 0;
  const items: NewDelivery[] = [];
  for (const { person, names } of await escalationReach(core, task.id)) {
    const zone = await personZone(core, person);
    items.push({
      personId: person.id,
      purpose: 'task-escalation',
      dedupeKey: `task:${task.id}:escalate:${task.dueAt}:${person.id}`,
      priority: 5,
      notBefore: now,
      message: escalationMessage(core, task, names, person.language, zone),
    });
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

/** Who an escalation of the task tells now: the curators and municipal coordinators of assignees still open, each with their late names. */
export async function escalationReach(core: Core, taskId: number): Promise<{ person: Person; names: string[] }[]> {
  const late = await core.database.db
    .select()
    .from(taskConfirmations)
    .where(and(eq(taskConfirmations.taskId, taskId), inArray(taskConfirmations.status, openStatuses)));
  const byRecipient = new Map<number, { person: Person; names: string[] }>();
  for (const c of late) {
    const name = await assigneeName(core, c);
    const to = [...(await verifiers(core, 'curator', c)), ...(await coordinatorsOf(core, c.municipalityId))];
    for (const p of to) {
      const entry = byRecipient.get(p.id) ?? { person: p, names: [] };
      if (!entry.names.includes(name)) entry.names.push(name);
      byRecipient.set(p.id, entry);
    }
  }
  return [...byRecipient.values()];
}
