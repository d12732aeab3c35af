import { searchKey } from '../directory/places.js';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { curatorSchools, people, scheduledJobs, schools, taskConfirmations, taskDigestSubscribers, tasks } from '../../db/schema/index.js';
import { evidenceKinds, taskAssignments, taskVerifiers, type ConfirmationStatus } from '../vocabulary/tasks.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, owningScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { audienceMember, audienceRuleSchema, inAudience, resolveAudience, type AudienceMember, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { regionTimezone } from '../directory/places.js';
import { announceToSchoolChats } from '../school-chats/school-chats.js';
import { coordinatorsOf, type Person } from '../directory/people.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { isTelegramHtml } from '../text/telegram-html.js';
import { personZone, zoneResolver } from '../directory/zones.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';
import { ensureDigestJobs } from './digests.js';
import {
  confirmedNotice,
  escalationMessage,
  problemAlert,
  returnedMessage,
  reminderMessage,
  taskMessage,
  verificationRequest,
  verifiedNotice,
} from './messages.js';
import { explainRequired } from '../subscriptions/required-note.js';

export type Task = typeof tasks.$inferSelect;
export type Confirmation = typeof taskConfirmations.$inferSelect;
/** What the panel and the matrix show: the stored status, or "overdue" for one still open past the due time. */
export type ShownStatus = ConfirmationStatus | 'overdue';

export const chaseJobKind = 'task-chase';
export const escalateJobKind = 'task-escalate';
const minute = 60_000;
/** Statuses in which the assignee still owes the task. */
export const openStatuses: ConfirmationStatus[] = ['pending', 'returned', 'problem'];
/** Statuses from which "Выполнено" may move a confirmation. */
const confirmableStatuses: ConfirmationStatus[] = ['pending', 'returned', 'problem'];

export const reminderPlanSchema = z.object({
  beforeMinutes: z
    .array(
      z
        .number()
        .int()
        .positive()
        .max(60 * 24 * 60),
    )
    .max(10),
  overdueEveryMinutes: z
    .number()
    .int()
    .min(60)
    .max(60 * 24 * 30)
    .nullable(),
  overdueTimes: z.number().int().min(0).max(20),
});
/** 7 days, 1 day before, on the day (3 hours before); then every 2 days while overdue, at most 3 times. */
export const defaultReminderPlan = { beforeMinutes: [7 * 1440, 1440, 180], overdueEveryMinutes: 2 * 1440, overdueTimes: 3 };

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

export interface Assignee {
  assignee: string;
  schoolId: number | null;
  personId: number | null;
  municipalityId: number | null;
}

interface Recipient extends AudienceMember {
  assignee: string;
  schoolId: number | null;
  personId: number | null;
  confirmationMunicipality: number | null;
}

interface SchoolOf {
  schoolId: number | null;
  municipalityId: number | null;
}

/** A person of the audience as an assignee: their school (school tasks; none without a school) or themselves. */
function recipientOf(task: Pick<Task, 'assignment'>, p: AudienceMember, s: SchoolOf | undefined): Recipient | undefined {
  if (task.assignment === 'school') {
    if (!s?.schoolId) return undefined;
    return { ...p, assignee: `s${s.schoolId}`, schoolId: s.schoolId, personId: null, confirmationMunicipality: s.municipalityId };
  }
  return { ...p, assignee: `p${p.id}`, schoolId: s?.schoolId ?? null, personId: p.id, confirmationMunicipality: s?.municipalityId ?? p.municipalityId };
}

/** Each person's school and its municipality, in one statement whatever the number (the ids go as one JSON list). */
async function schoolsOf(core: Core, personIds: number[]): Promise<Map<number, SchoolOf>> {
  const rows = await core.database.db
    .select({ id: people.id, schoolId: people.schoolId, municipalityId: schools.municipalityId })
    .from(people)
    .leftJoin(schools, eq(schools.id, people.schoolId))
    .where(sql`${people.id} in (select value from json_each(${JSON.stringify(personIds)}))`);
  return new Map(rows.map((r) => [r.id, { schoolId: r.schoolId, municipalityId: r.municipalityId }]));
}

/** The people a task reaches now, with each one's assignee: their school (school tasks) or themselves. */
async function recipients(core: Core, task: Task): Promise<Recipient[]> {
  const audience = await resolveAudience(core, task.audience as AudienceRule, owningScope(task.municipalityId));
  const schoolOf = await schoolsOf(
    core,
    audience.map((p) => p.id),
  );
  return audience.flatMap((p) => recipientOf(task, p, schoolOf.get(p.id)) ?? []);
}

/** One person's task message: the same dedupe key at publication and for a late joiner, so nobody gets it twice. */
function assignment(core: Core, task: Task, p: AudienceMember, zone: string, now: number): NewDelivery {
  return {
    chatId: String(p.telegramId),
    personId: p.id,
    purpose: 'task-assigned',
    dedupeKey: `task:${task.id}:assign:${p.id}`,
    priority: 8,
    notBefore: now,
    message: taskMessage(core, task, p.language, zone),
  };
}

/**
 * Publishes a draft: one confirmation row per assignee (a school or a person), the task to each person of the
 * audience once, and the chasing and escalation jobs.
 */
export async function publishTask(core: Core, actor: Actor, id: number): Promise<number> {
  assertCanWrite(actor);
  const task = await taskForAdmin(core, actor, id, { write: true });
  if (task.status !== 'draft') throw invalidInput('status', 'task-not-draft');
  const now = core.clock.now();
  if (task.dueAt <= now) throw invalidInput('dueAt', 'task-due-in-past');
  const reach = await recipients(core, task);
  if (reach.length === 0) throw invalidInput('audience', 'audience-empty');
  const { db } = core.database;
  const assignees = new Map<string, Assignee>();
  for (const r of reach)
    assignees.set(r.assignee, { assignee: r.assignee, schoolId: r.schoolId, personId: r.personId, municipalityId: r.confirmationMunicipality });
  const rows = [...assignees.values()].map((a) => ({ taskId: id, ...a, status: 'pending' as const, updatedAt: now }));
  const statements: PendingQuery[] = [
    db
      .update(tasks)
      .set({ status: 'published', publishedAt: now, updatedAt: now })
      .where(and(eq(tasks.id, id), eq(tasks.status, 'draft'))),
    auditEntry(core, actor, {
      action: 'task.publish',
      entity: 'task',
      entityId: id,
      municipalityId: task.municipalityId,
      after: { status: 'published', assignees: rows.length, recipients: reach.length },
    }),
  ];
  for (let i = 0; i < rows.length; i += confirmationsPerStatement)
    statements.push(insertConfirmations(core, id, rows.slice(i, i + confirmationsPerStatement), now));
  await core.database.atomic(statements);
  const published = (await getTask(core, id))!;
  const zoneOf = await zoneResolver(core);
  const items = reach.map((p) => assignment(core, published, p, zoneOf(p), now));
  await enqueueDeliveries(core, await explainRequired(core, published.audience as AudienceRule, 'task', items));
  const schoolIds = published.assignment === 'school' ? [...new Set(rows.flatMap((r) => (r.schoolId !== null ? [r.schoolId] : [])))] : [];
  await announceToTeamChats(core, published, schoolIds, zoneOf.region);
  await scheduleTaskJobs(core, published);
  await ensureDigestJobs(core);
  return reach.length;
}

/** A school's task shows in its team chat too; its buttons count for the lead who presses there. Once per school. */
async function announceToTeamChats(core: Core, task: Task, schoolIds: number[], regionZone?: string): Promise<void> {
  if (schoolIds.length === 0) return;
  const zone = regionZone ?? (await regionTimezone(core));
  await announceToSchoolChats(core, {
    schoolIds,
    kind: 'tasks',
    dedupeKey: `task:${task.id}:assign`,
    purpose: 'task-assigned-chat',
    message: taskMessage(core, task, 'ru', zone),
  });
}

/** Rows per insert of confirmations: they go as one JSON parameter, so D1's 100-parameter limit does not bound them. */
const confirmationsPerStatement = 1000;

/** Pending confirmations of a task in one statement (already present ones stay as they are). */
function insertConfirmations(core: Core, taskId: number, rows: Assignee[], now: number): PendingQuery {
  const list = JSON.stringify(rows.map((r) => [r.assignee, r.schoolId, r.personId, r.municipalityId]));
  // Every column in the table's order, as drizzle lists them for an insert from a select.
  return core.database.db
    .insert(taskConfirmations)
    .select(
      sql`select null, ${taskId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), 'pending', null, null, null, null, null, null, null, null, null, ${now} from json_each(${list}) where true`,
    )
    .onConflictDoNothing();
}

/**
 * An audience is a rule: a person who becomes reachable later (registered, approved, consented after an import) and
 * matches a published task's audience becomes its assignee too: their school gets its confirmation row if it had
 * none (and its team chat the task), they get the task once, unless their school has already done it.
 * Safe to call for anyone at any time.
 */
export async function assignOpenTasksTo(core: Core, personId: number): Promise<number> {
  const { db } = core.database;
  const now = core.clock.now();
  const open = await db.select().from(tasks).where(eq(tasks.status, 'published')).orderBy(asc(tasks.dueAt)).limit(200);
  if (open.length === 0) return 0;
  const school = (await schoolsOf(core, [personId])).get(personId);
  const zoneOf = await zoneResolver(core);
  const items: NewDelivery[] = [];
  for (const task of open) {
    const member = await audienceMember(core, task.audience as AudienceRule, personId, owningScope(task.municipalityId));
    const r = member && recipientOf(task, member, school);
    if (!r) continue;
    const added = await db
      .insert(taskConfirmations)
      .values({
        taskId: task.id,
        assignee: r.assignee,
        schoolId: r.schoolId,
        personId: r.personId,
        municipalityId: r.confirmationMunicipality,
        status: 'pending',
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: taskConfirmations.id })
      .get();
    const row = await db
      .select({ status: taskConfirmations.status })
      .from(taskConfirmations)
      .where(and(eq(taskConfirmations.taskId, task.id), eq(taskConfirmations.assignee, r.assignee)))
      .get();
    if (!row || !openStatuses.includes(row.status)) continue;
    items.push(assignment(core, task, r, zoneOf(r), now));
    if (added && r.schoolId !== null && task.assignment === 'school') await announceToTeamChats(core, task, [r.schoolId]);
  }
  await enqueueDeliveries(core, items);
  return items.length;
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

/** The plan's points as jobs: before the due time, then while overdue; and the escalation. Keyed by due time, so a move plans anew. */
export function taskJobs(task: Pick<Task, 'id' | 'dueAt' | 'reminderPlan' | 'escalateAfterMinutes'>, now: number): NewScheduledJob[] {
  const plan = task.reminderPlan;
  const points: { at: number; point: string }[] = plan.beforeMinutes.map((m) => ({ at: task.dueAt - m * minute, point: `b${m}` }));
  if (plan.overdueEveryMinutes) {
    for (let n = 1; n <= plan.overdueTimes; n++) points.push({ at: task.dueAt + n * plan.overdueEveryMinutes * minute, point: `o${n}` });
  }
  const jobs: NewScheduledJob[] = points
    .filter((p) => p.at > now)
    .map((p) => ({
      kind: chaseJobKind,
      dueAt: p.at,
      payload: { taskId: task.id, dueAt: task.dueAt, point: p.point },
      dedupeKey: `task:${task.id}:chase:${task.dueAt}:${p.point}`,
    }));
  if (task.escalateAfterMinutes !== null) {
    const at = task.dueAt + task.escalateAfterMinutes * minute;
    if (at > now)
      jobs.push({ kind: escalateJobKind, dueAt: at, payload: { taskId: task.id, dueAt: task.dueAt }, dedupeKey: `task:${task.id}:escalate:${task.dueAt}` });
  }
  return jobs;
}

async function scheduleTaskJobs(core: Core, task: Task): Promise<void> {
  await scheduleJobs(core, taskJobs(task, core.clock.now()));
}

// ——— the assignee's side ———

/** A published task as a person may open it; a draft is not found, a closed one refuses actions. */
export async function taskForPerson(core: Core, id: number): Promise<Task> {
  const task = await getTask(core, id);
  if (!task || task.status === 'draft') throw new DomainError('not-found');
  return task;
}

/** The confirmation a person answers for: their school's (if they are in the audience), or their own. */
export async function confirmationOf(core: Core, task: Task, person: Pick<Person, 'id' | 'schoolId'>): Promise<Confirmation | undefined> {
  const assignee = task.assignment === 'school' ? (person.schoolId ? `s${person.schoolId}` : null) : `p${person.id}`;
  if (!assignee) return undefined;
  const row = await core.database.db
    .select()
    .from(taskConfirmations)
    .where(and(eq(taskConfirmations.taskId, task.id), eq(taskConfirmations.assignee, assignee)))
    .get();
  if (!row) return undefined;
  if (task.assignment === 'school' && !(await inAudience(core, task.audience as AudienceRule, person.id, owningScope(task.municipalityId)))) return undefined;
  return row;
}

/**
 * A task's card as a person may open it: only a task of theirs, one they answer for (their own or their school's)
 * or whose audience includes them now; task ids are sequential, so a crafted button must not show another's task.
 */
export async function taskForAssignee(
  core: Core,
  person: Pick<Person, 'id' | 'schoolId'>,
  taskId: number,
): Promise<{ task: Task; confirmation: Confirmation | undefined }> {
  const task = await taskForPerson(core, taskId);
  const confirmation = await confirmationOf(core, task, person);
  if (!confirmation && !(await inAudience(core, task.audience as AudienceRule, person.id, owningScope(task.municipalityId))))
    throw new DomainError('not-assignee');
  return { task, confirmation };
}

/** The task and the person's confirmation, if they may act on it: it is open and they are its assignee. */
export async function actionable(core: Core, person: Pick<Person, 'id' | 'schoolId'>, taskId: number): Promise<{ task: Task; confirmation: Confirmation }> {
  const task = await taskForPerson(core, taskId);
  if (task.status === 'closed') throw new DomainError('task-closed');
  const confirmation = await confirmationOf(core, task, person);
  if (!confirmation) throw new DomainError('not-assignee');
  return { task, confirmation };
}

export type Evidence = { kind: 'text' | 'link'; text: string } | { kind: 'photo' | 'document'; fileId: string; text?: string | null };

/** Whether a piece of evidence is of the kind the task asks for (a link counts as text; "any" takes all four). */
export function evidenceFits(required: Task['evidence'], evidence: Evidence): boolean {
  if (required === 'any') return true;
  if (required === 'text') return evidence.kind === 'text' || evidence.kind === 'link';
  return required === evidence.kind;
}

/** A text as evidence: a link when it is one (http/https), else a comment. */
export function textEvidence(text: string): Evidence {
  const trimmed = text.trim().slice(0, 2000);
  return /^https?:\/\/\S+$/i.test(trimmed) ? { kind: 'link', text: trimmed } : { kind: 'text', text: trimmed };
}

export type ConfirmOutcome =
  | { kind: 'confirmed'; confirmation: Confirmation }
  | { kind: 'already'; confirmation: Confirmation; byName: string | null }
  | { kind: 'needs-evidence'; evidence: Task['evidence'] };

/**
 * "Выполнено", with the evidence when the task asks for it. The status moves in one conditional UPDATE, so of two
 * leads of one school confirming at once exactly one wins; the other is told who did it.
 */
export async function confirmTask(core: Core, person: Person, taskId: number, evidence?: Evidence): Promise<ConfirmOutcome> {
  const { task, confirmation } = await actionable(core, person, taskId);
  if (!confirmableStatuses.includes(confirmation.status)) return already(core, confirmation);
  // A task a visit fulfils is confirmed by the curator's /visit, not by the school.
  if (task.evidence === 'visit' || (task.evidence !== 'none' && !evidence)) return { kind: 'needs-evidence', evidence: task.evidence };
  if (evidence && task.evidence !== 'none' && !evidenceFits(task.evidence, evidence)) throw invalidInput('evidence', 'evidence-wrong-kind');
  const now = core.clock.now();
  const written = await core.database.db
    .update(taskConfirmations)
    .set({
      status: 'confirmed',
      confirmedBy: person.id,
      confirmedAt: now,
      evidenceKind: evidence?.kind ?? null,
      evidenceText: evidence ? (evidence.text ?? null) : null,
      evidenceFileId: evidence && 'fileId' in evidence ? evidence.fileId : null,
      returnReason: null,
      updatedAt: now,
    })
    .where(and(eq(taskConfirmations.id, confirmation.id), inArray(taskConfirmations.status, confirmableStatuses)))
    .returning()
    .get();
  if (!written) return already(core, (await confirmationById(core, confirmation.id))!);
  await afterConfirmed(core, task, written, person);
  return { kind: 'confirmed', confirmation: written };
}

async function already(core: Core, confirmation: Confirmation): Promise<ConfirmOutcome> {
  const by =
    confirmation.confirmedBy === null
      ? undefined
      : await core.database.db.select({ fullName: people.fullName }).from(people).where(eq(people.id, confirmation.confirmedBy)).get();
  return { kind: 'already', confirmation, byName: by?.fullName ?? null };
}

export async function confirmationById(core: Core, id: number): Promise<Confirmation | undefined> {
  return core.database.db.select().from(taskConfirmations).where(eq(taskConfirmations.id, id)).get();
}

/** Who checks a school's confirmations: its curators, or the coordinators of its municipality. */
async function verifiers(core: Core, verifier: 'curator' | 'coordinator', confirmation: Pick<Confirmation, 'schoolId' | 'municipalityId'>): Promise<Person[]> {
  const { db } = core.database;
  if (verifier === 'curator') {
    if (confirmation.schoolId === null) return [];
    const rows = await db
      .select({ person: people })
      .from(curatorSchools)
      .innerJoin(people, eq(people.id, curatorSchools.curatorId))
      .where(and(eq(curatorSchools.schoolId, confirmation.schoolId), eq(people.status, 'active'), isNotNull(people.telegramId)));
    return rows.map((r) => r.person);
  }
  return coordinatorsOf(core, confirmation.municipalityId);
}

/** The name a message uses for an assignee: the school's short name, or the person's name. */
export async function assigneeName(core: Core, confirmation: Pick<Confirmation, 'schoolId' | 'personId'>): Promise<string> {
  const { db } = core.database;
  if (confirmation.personId !== null) return (await db.select({ n: people.fullName }).from(people).where(eq(people.id, confirmation.personId)).get())?.n ?? '—';
  if (confirmation.schoolId !== null)
    return (await db.select({ n: schools.shortName }).from(schools).where(eq(schools.id, confirmation.schoolId)).get())?.n ?? '—';
  return '—';
}

async function afterConfirmed(core: Core, task: Task, confirmation: Confirmation, by: Person): Promise<void> {
  if (task.verifier === 'none') return;
  const to = await verifiers(core, task.verifier, confirmation);
  const name = await assigneeName(core, confirmation);
  await enqueueDeliveries(
    core,
    to.map((v) => ({
      chatId: String(v.telegramId),
      personId: v.id,
      purpose: 'task-verify',
      dedupeKey: `task:${task.id}:verify:${confirmation.id}:${confirmation.confirmedAt}:${v.id}`,
      priority: 4,
      message: verificationRequest(core, task, confirmation, name, by.fullName ?? '—', v.language),
    })),
  );
}

/** "Есть проблема" with its reason: the confirmation shows the problem, the school's curators (else coordinators) are alerted. */
export async function reportProblem(core: Core, person: Person, taskId: number, reason: string): Promise<Confirmation> {
  const text = parseInput(z.object({ reason: z.string().trim().min(2).max(1000) }), { reason }).reason;
  const { task, confirmation } = await actionable(core, person, taskId);
  const now = core.clock.now();
  const written = await core.database.db
    .update(taskConfirmations)
    .set({ status: 'problem', problem: text, updatedAt: now })
    .where(and(eq(taskConfirmations.id, confirmation.id), inArray(taskConfirmations.status, openStatuses)))
    .returning()
    .get();
  if (!written) throw new DomainError('already-decided');
  let to = await verifiers(core, 'curator', written);
  if (to.length === 0) to = await coordinatorsOf(core, written.municipalityId);
  const name = await assigneeName(core, written);
  await enqueueDeliveries(
    core,
    to.map((v) => ({
      chatId: String(v.telegramId),
      personId: v.id,
      purpose: 'task-problem',
      dedupeKey: `task:${task.id}:problem:${written.id}:${now}:${v.id}`,
      priority: 4,
      message: problemAlert(core, task, name, person.fullName ?? '—', text, v.language),
    })),
  );
  return written;
}

/** Whether a person is a verifier of this confirmation (its school's curator, or a coordinator of its municipality). */
async function assertVerifier(core: Core, task: Task, confirmation: Confirmation, person: Person): Promise<void> {
  if (task.verifier === 'none') throw new DomainError('not-allowed');
  const allowed = await verifiers(core, task.verifier, confirmation);
  if (!allowed.some((p) => p.id === person.id)) throw new DomainError('not-allowed');
}

export async function verificationTarget(core: Core, person: Person, confirmationId: number): Promise<{ task: Task; confirmation: Confirmation }> {
  const confirmation = await confirmationById(core, confirmationId);
  if (!confirmation) throw new DomainError('not-found');
  const task = await taskForPerson(core, confirmation.taskId);
  if (task.status === 'closed') throw new DomainError('task-closed');
  await assertVerifier(core, task, confirmation, person);
  return { task, confirmation };
}

/**
 * "Подтверждаю" or "Вернуть на доработку" (with the reason) from a verifier. Only a confirmed one moves, in one
 * conditional UPDATE; the school (the one who confirmed) is told.
 */
export async function verifyConfirmation(
  core: Core,
  person: Person,
  confirmationId: number,
  decision: { ok: true } | { ok: false; reason: string },
): Promise<{ changed: boolean; confirmation: Confirmation }> {
  const reason = decision.ok ? null : parseInput(z.object({ reason: z.string().trim().min(2).max(1000) }), { reason: decision.reason }).reason;
  const { task, confirmation } = await verificationTarget(core, person, confirmationId);
  const now = core.clock.now();
  const written = await core.database.db
    .update(taskConfirmations)
    .set(
      decision.ok
        ? { status: 'verified', verifiedBy: person.id, verifiedAt: now, updatedAt: now }
        : { status: 'returned', returnReason: reason, verifiedBy: person.id, verifiedAt: now, updatedAt: now },
    )
    .where(and(eq(taskConfirmations.id, confirmationId), eq(taskConfirmations.status, 'confirmed')))
    .returning()
    .get();
  if (!written) return { changed: false, confirmation };
  const confirmer = written.confirmedBy === null ? undefined : await core.database.db.select().from(people).where(eq(people.id, written.confirmedBy)).get();
  if (confirmer?.telegramId) {
    const zone = await personZone(core, confirmer);
    await enqueueDeliveries(core, [
      {
        chatId: String(confirmer.telegramId),
        personId: confirmer.id,
        purpose: decision.ok ? 'task-verified' : 'task-returned',
        dedupeKey: `task:${task.id}:decided:${written.id}:${now}`,
        priority: 3,
        message: decision.ok ? verifiedNotice(core, task, confirmer.language) : returnedMessage(core, task, reason!, confirmer.language, zone),
      },
    ]);
  }
  return { changed: true, confirmation: written };
}

/** Told to the person who pressed "Выполнено" (and to nobody else): what they confirmed and what comes next. */
export function confirmedText(core: Core, task: Task, locale: Person['language']): string {
  return confirmedNotice(core, task, locale);
}

export interface OpenTaskRow {
  task: Task;
  status: ConfirmationStatus;
}

/** /tasks: what a person still owes (their school's or their own), soonest due first. */
export async function openTasksFor(core: Core, person: Pick<Person, 'id' | 'schoolId'>): Promise<OpenTaskRow[]> {
  const assignees = [`p${person.id}`, ...(person.schoolId ? [`s${person.schoolId}`] : [])];
  const rows = await core.database.db
    .select({ task: tasks, status: taskConfirmations.status })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .where(
      and(eq(tasks.status, 'published'), inArray(taskConfirmations.assignee, assignees), inArray(taskConfirmations.status, [...openStatuses, 'confirmed'])),
    )
    .orderBy(asc(tasks.dueAt))
    .limit(50);
  const out: OpenTaskRow[] = [];
  for (const row of rows) {
    if (row.task.assignment === 'school' && !(await inAudience(core, row.task.audience as AudienceRule, person.id, owningScope(row.task.municipalityId))))
      continue;
    out.push(row);
  }
  return out;
}

/** Confirmations waiting for this person's decision (their schools' as curator, their municipality's as coordinator). */
export async function awaitingVerification(
  core: Core,
  person: Pick<Person, 'id' | 'roles' | 'municipalityId'>,
  limit = 10,
): Promise<{ task: Task; confirmation: Confirmation; name: string; by: string }[]> {
  const mine: SQL[] = [
    sql`(${tasks.verifier} = 'curator' and ${taskConfirmations.schoolId} in (select school_id from curator_schools where curator_id = ${person.id}))`,
  ];
  if (person.roles.includes('coordinator') && person.municipalityId !== null)
    mine.push(sql`(${tasks.verifier} = 'coordinator' and ${taskConfirmations.municipalityId} = ${person.municipalityId})`);
  const rows = await core.database.db
    .select({ task: tasks, confirmation: taskConfirmations, by: people.fullName })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .leftJoin(people, eq(people.id, taskConfirmations.confirmedBy))
    .where(and(eq(tasks.status, 'published'), eq(taskConfirmations.status, 'confirmed'), or(...mine)))
    .orderBy(asc(taskConfirmations.confirmedAt))
    .limit(limit);
  const out = [];
  for (const r of rows) out.push({ task: r.task, confirmation: r.confirmation, name: await assigneeName(core, r.confirmation), by: r.by ?? '—' });
  return out;
}

// ——— chasing and escalation ———

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
      chatId: String(p.telegramId),
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
      chatId: String(person.telegramId),
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

// ——— the panel ———

/** The status a cell shows: an open one past the due time is overdue. */
export function shownStatus(status: ConfirmationStatus, dueAt: number, now: number): ShownStatus {
  return (status === 'pending' || status === 'returned') && now > dueAt ? 'overdue' : status;
}

/** Manual status change by an admin, with a reason, audited in the same batch. */
export async function setStatusManually(core: Core, actor: Actor, confirmationId: number, input: { status: string; reason: string }): Promise<void> {
  assertCanWrite(actor);
  const valid = parseInput(
    z.object({ status: z.enum(['pending', 'confirmed', 'problem', 'verified', 'returned']), reason: z.string().trim().min(3).max(500) }),
    input,
  );
  const confirmation = await confirmationById(core, confirmationId);
  if (!confirmation) throw new DomainError('not-found');
  const task = await taskForAdmin(core, actor, confirmation.taskId);
  if (actor.role === 'coordinator') assertInScope(actor, confirmation.municipalityId);
  const now = core.clock.now();
  await core.database.atomic([
    core.database.db.update(taskConfirmations).set({ status: valid.status, updatedAt: now }).where(eq(taskConfirmations.id, confirmationId)),
    auditEntry(core, actor, {
      action: 'task.status',
      entity: 'task',
      entityId: task.id,
      municipalityId: confirmation.municipalityId,
      before: { confirmation: confirmationId, status: confirmation.status },
      after: { confirmation: confirmationId, status: valid.status, reason: valid.reason },
    }),
  ]);
}

export interface MatrixSchool {
  id: number;
  name: string;
  municipalityId: number;
  municipality: string;
  /** One per task of the matrix, in its order: the shown status, or null when the school is not an assignee. */
  statuses: (ShownStatus | null)[];
}

export interface Matrix {
  tasks: Pick<Task, 'id' | 'title' | 'dueAt' | 'assignment'>[];
  schools: MatrixSchool[];
}

/**
 * The completion matrix in scope: schools × published or closed tasks, in two queries whatever the size. Each
 * school's cells come as one concatenated string (1,000 rows, not 30,000); a person task counts the worst status
 * among the school's people.
 */
export async function completionMatrix(core: Core, scope: Scope, filter: { municipalityId?: number } = {}): Promise<Matrix> {
  const { db } = core.database;
  const now = core.clock.now();
  const taskWhere: SQL[] = [inArray(tasks.status, ['published', 'closed'])];
  const tw = scopeWhere(scope, tasks.municipalityId);
  // A coordinator also sees regional tasks' cells of their own schools.
  if (tw) taskWhere.push(sql`(${tasks.municipalityId} is null or ${tw})`);
  const taskRows = await db
    .select({ id: tasks.id, title: tasks.title, dueAt: tasks.dueAt, assignment: tasks.assignment })
    .from(tasks)
    .where(and(...taskWhere))
    .orderBy(asc(tasks.dueAt))
    .limit(100);
  if (taskRows.length === 0) return { tasks: [], schools: [] };
  const inScope = scope.all ? sql`` : sql` and c.municipality_id in (select value from json_each(${JSON.stringify(scope.municipalityIds)}))`;
  const chosen = filter.municipalityId ? sql` and c.municipality_id = ${filter.municipalityId}` : sql``;
  const rows = await db.all<{ id: number; name: string; municipalityId: number; municipality: string; cells: string }>(sql`
    select s.id as id, s.short_name as name, s.municipality_id as municipalityId, m.name as municipality,
      group_concat(c.task_id || ':' || case when c.status in ('pending', 'returned') and t.due_at < ${now} then 'overdue' else c.status end) as cells
    from task_confirmations c
      join tasks t on t.id = c.task_id
      join schools s on s.id = c.school_id
      join municipalities m on m.id = s.municipality_id
    where c.task_id in (select value from json_each(${JSON.stringify(taskRows.map((t) => t.id))}))${inScope}${chosen}
    group by s.id
    order by m.name, s.short_name`);
  const column = new Map(taskRows.map((t, i) => [t.id, i]));
  const schoolsOut = rows.map(({ cells, ...school }) => {
    const statuses: (ShownStatus | null)[] = taskRows.map(() => null);
    for (const cell of cells.split(',')) {
      const at = cell.indexOf(':');
      const i = column.get(Number(cell.slice(0, at)))!;
      const status = cell.slice(at + 1) as ShownStatus;
      const before = statuses[i];
      if (!before || rank[status] < rank[before]) statuses[i] = status;
    }
    return { ...school, statuses };
  });
  return { tasks: taskRows, schools: schoolsOut };
}

/** Worst first: what a cell shows when several people of one school are assignees. */
const rank: Record<ShownStatus, number> = { overdue: 0, problem: 1, returned: 2, pending: 3, confirmed: 4, verified: 5 };

export interface MunicipalityRate {
  municipalityId: number;
  name: string;
  total: number;
  done: number;
}

/** Share of confirmations done (confirmed or verified) per municipality, in scope. */
export async function ratesByMunicipality(core: Core, scope: Scope): Promise<MunicipalityRate[]> {
  const sw = scope.all ? undefined : sql`c.municipality_id in (select value from json_each(${JSON.stringify(scope.municipalityIds)}))`;
  const rows = await core.database.db.all<MunicipalityRate>(sql`
    select m.id as municipalityId, m.name as name, count(*) as total, sum(case when c.status in ('confirmed','verified') then 1 else 0 end) as done
    from task_confirmations c join tasks t on t.id = c.task_id join municipalities m on m.id = c.municipality_id
    where t.status in ('published','closed') ${sw ? sql`and ${sw}` : sql``}
    group by m.id order by m.name`);
  return rows;
}

/** Open confirmations past due in some municipalities: the weekly digest's and the bot's late list. */
export async function overdueIn(
  core: Core,
  municipalityIds: number[],
  now: number,
): Promise<{ task: string; dueAt: number; name: string; status: ConfirmationStatus }[]> {
  if (municipalityIds.length === 0) return [];
  const rows = await core.database.db
    .select({
      task: tasks.title,
      dueAt: tasks.dueAt,
      schoolId: taskConfirmations.schoolId,
      personId: taskConfirmations.personId,
      status: taskConfirmations.status,
    })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .where(
      and(
        eq(tasks.status, 'published'),
        lt(tasks.dueAt, now),
        inArray(taskConfirmations.status, openStatuses),
        inArray(taskConfirmations.municipalityId, municipalityIds),
      ),
    )
    .orderBy(asc(tasks.dueAt))
    .limit(200);
  const out = [];
  for (const r of rows) out.push({ task: r.task, dueAt: r.dueAt, name: await assigneeName(core, r), status: r.status });
  return out;
}

/** Confirmations of one school (its own and its people's), for its timeline. */
export async function confirmationsOfSchool(core: Core, schoolId: number) {
  return core.database.db
    .select({ confirmation: taskConfirmations, task: { id: tasks.id, title: tasks.title, dueAt: tasks.dueAt, status: tasks.status } })
    .from(taskConfirmations)
    .innerJoin(tasks, eq(tasks.id, taskConfirmations.taskId))
    .where(eq(taskConfirmations.schoolId, schoolId))
    .orderBy(asc(tasks.dueAt));
}

/** The confirmations of a task in scope, with names, for its page and exports. */
export async function confirmationsOfTask(core: Core, actor: Actor, taskId: number) {
  await taskForAdmin(core, actor, taskId);
  const sw = actor.role === 'coordinator' ? scopeWhere({ all: false, municipalityIds: actor.municipalityIds }, taskConfirmations.municipalityId) : undefined;
  return core.database.db
    .select({ confirmation: taskConfirmations, school: schools.shortName, person: people.fullName })
    .from(taskConfirmations)
    .leftJoin(schools, eq(schools.id, taskConfirmations.schoolId))
    .leftJoin(people, eq(people.id, taskConfirmations.personId))
    .where(and(eq(taskConfirmations.taskId, taskId), sw))
    .orderBy(asc(taskConfirmations.id));
}

/** A confirmation with evidence, as an admin in scope may open it. */
export async function confirmationForAdmin(core: Core, actor: Actor, id: number): Promise<Confirmation> {
  const c = await confirmationById(core, id);
  if (!c) throw new DomainError('not-found');
  await taskForAdmin(core, actor, c.taskId);
  if (actor.role === 'coordinator') assertInScope(actor, c.municipalityId);
  return c;
}
