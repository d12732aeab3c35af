/** A task itself: its input, its drafts and edits, closing it, and the lists of tasks the panel shows. */
import { and, asc, desc, eq, gte, inArray, isNull, like, lt, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { evidenceKinds, scheduledJobs, taskAssignments, type taskConfirmations, tasks, taskVerifiers, type ConfirmationStatus } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { audienceRuleSchema } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { searchKey } from '../directory/places.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { isTelegramHtml } from '../text/telegram-html.js';
import { chaseJobKind, escalateJobKind, reminderPlanSchema, scheduleTaskJobs } from './reminder-plan.js';

export type Task = typeof tasks.$inferSelect;
export type Confirmation = typeof taskConfirmations.$inferSelect;

/** Statuses in which the assignee still owes the task. */
export const openStatuses: ConfirmationStatus[] = ['pending', 'returned', 'problem'];

export const taskInputSchema = z.object({
  title: z.string().trim().min(3).max(200),
  instructions: z.string().trim().max(3000).refine(isTelegramHtml, 'telegram-html'),
  dueAt: z.number({ error: 'invalid-date' }).int(),
  audience: audienceRuleSchema,
  assignment: z.enum(taskAssignments),
  evidence: z.enum(evidenceKinds),
  verifier: z.enum(taskVerifiers),
  reminderPlan: reminderPlanSchema,
  escalateAfterMinutes: z
    .number({ error: 'not-a-number' })
    .int()
    .min(0)
    .max(60 * 24 * 60)
    .nullable(),
  municipalityId: z.number().int().positive().nullable(),
});
export type TaskInput = z.input<typeof taskInputSchema>;

export async function getTask(core: Core, id: number): Promise<Task | undefined> {
  return core.database.db.select().from(tasks).where(eq(tasks.id, id)).get();
}

/**
 * A task as an admin may see it: a coordinator reads regional tasks too (their schools' part of them), but
 * changes only the tasks of their municipalities; not-found otherwise.
 */
export async function taskForAdmin(core: Core, actor: Actor, id: number, options: { write?: boolean } = {}): Promise<Task> {
  const task = await getTask(core, id);
  if (!task) throw new DomainError('not-found');
  if (actor.role === 'coordinator' && (options.write || task.municipalityId !== null)) assertInScope(actor, task.municipalityId);
  return task;
}

/** Tasks in scope, latest deadline first; `q` keeps those whose title holds it, in any case (SQLite lowers only Latin, so the match is made here). */
export async function listTasksForAdmin(core: Core, scope: Scope, q?: string): Promise<(Task & { open: number; total: number })[]> {
  // A coordinator sees their municipalities' tasks and the regional ones, counted over their own schools only.
  const own = scope.all ? sql`` : sql` and c.municipality_id in (select value from json_each(${JSON.stringify(scope.municipalityIds)}))`;
  const where = scopeWhere(scope, tasks.municipalityId);
  // The outer row by its table's name: in a one-table select drizzle writes `${x.id}` as a bare "id", which binds to the subquery's own table.
  const rows = await core.database.db
    .select({
      ...taskColumns(),
      open: sql<number>`(select count(*) from task_confirmations c where c.task_id = tasks.id and c.status in ('pending','returned','problem')${own})`,
      total: sql<number>`(select count(*) from task_confirmations c where c.task_id = tasks.id${own})`,
    })
    .from(tasks)
    .where(where ? or(isNull(tasks.municipalityId), where) : undefined)
    .orderBy(desc(tasks.dueAt))
    .limit(q ? 5000 : 500);
  if (!q) return rows;
  const needle = searchKey(q);
  return rows.filter((row) => searchKey(row.title).includes(needle)).slice(0, 500);
}

export interface TaskDeadline {
  id: number;
  title: string;
  dueAt: number;
  status: Task['status'];
}

/** Published and closed tasks in scope (regional ones included) due in [from, to), for the calendar. */
export async function taskDeadlinesBetween(core: Core, scope: Scope, from: number, to: number): Promise<TaskDeadline[]> {
  const where = scopeWhere(scope, tasks.municipalityId);
  return core.database.db
    .select({ id: tasks.id, title: tasks.title, dueAt: tasks.dueAt, status: tasks.status })
    .from(tasks)
    .where(and(ne(tasks.status, 'draft'), gte(tasks.dueAt, from), lt(tasks.dueAt, to), where ? or(isNull(tasks.municipalityId), where) : undefined))
    .orderBy(asc(tasks.dueAt), asc(tasks.id))
    .limit(2000);
}

function taskColumns() {
  const {
    id,
    title,
    instructions,
    dueAt,
    audience,
    assignment,
    evidence,
    verifier,
    reminderPlan,
    escalateAfterMinutes,
    status,
    municipalityId,
    createdBy,
    publishedAt,
    closedAt,
    createdAt,
    updatedAt,
  } = tasks;
  return {
    id,
    title,
    instructions,
    dueAt,
    audience,
    assignment,
    evidence,
    verifier,
    reminderPlan,
    escalateAfterMinutes,
    status,
    municipalityId,
    createdBy,
    publishedAt,
    closedAt,
    createdAt,
    updatedAt,
  };
}

export async function createTask(core: Core, actor: Actor, input: TaskInput): Promise<Task> {
  assertCanWrite(actor);
  const valid = parseInput(taskInputSchema, input);
  assertOwningMunicipality(actor, valid.municipalityId);
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.insert(tasks).values({ ...valid, status: 'draft', createdBy: actor.label, createdAt: now, updatedAt: now }),
    auditEntryWhere(core, actor, {
      action: 'task.create',
      entity: 'task',
      entityId: sql`select cast(max(${tasks.id}) as text) from ${tasks}`,
      municipalityId: valid.municipalityId,
      after: { ...valid },
    }),
  ]);
  return (await db.select().from(tasks).where(eq(tasks.createdBy, actor.label)).orderBy(desc(tasks.id)).get())!;
}

/** Edits a task; a published one keeps its assignees (the audience is fixed at publication) and its reminders follow a new due time. */
export async function updateTask(core: Core, actor: Actor, id: number, input: TaskInput): Promise<Task> {
  assertCanWrite(actor);
  const before = await taskForAdmin(core, actor, id, { write: true });
  if (before.status === 'closed') throw invalidInput('status', 'task-closed');
  const valid = parseInput(taskInputSchema, input);
  assertOwningMunicipality(actor, valid.municipalityId);
  if (before.status === 'published' && (valid.assignment !== before.assignment || valid.municipalityId !== before.municipalityId)) {
    throw invalidInput('assignment', 'task-published-fixed');
  }
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db
      .update(tasks)
      .set({ ...valid, updatedAt: now })
      .where(eq(tasks.id, id)),
    auditEntry(core, actor, {
      action: 'task.edit',
      entity: 'task',
      entityId: id,
      municipalityId: valid.municipalityId,
      before: pick(before, valid),
      after: { ...valid },
    }),
  ]);
  const after = (await getTask(core, id))!;
  // Jobs carry the due time they were planned for; those of an older one find it changed and do nothing.
  if (after.status === 'published') await scheduleTaskJobs(core, after);
  return after;
}

function pick(before: Task, keys: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, (before as Record<string, unknown>)[k]]));
}
/** Closes a task: nobody may confirm any more, the chasing stops. */
export async function closeTask(core: Core, actor: Actor, id: number): Promise<void> {
  assertCanWrite(actor);
  const task = await taskForAdmin(core, actor, id, { write: true });
  if (task.status === 'closed') return;
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.update(tasks).set({ status: 'closed', closedAt: now, updatedAt: now }).where(eq(tasks.id, id)),
    db
      .update(scheduledJobs)
      .set({ status: 'cancelled', note: 'task closed', finishedAt: now })
      .where(and(inArray(scheduledJobs.kind, [chaseJobKind, escalateJobKind]), eq(scheduledJobs.status, 'due'), like(scheduledJobs.dedupeKey, `task:${id}:%`))),
    auditEntry(core, actor, {
      action: 'task.close',
      entity: 'task',
      entityId: id,
      municipalityId: task.municipalityId,
      before: { status: task.status },
      after: { status: 'closed' },
    }),
  ]);
}
