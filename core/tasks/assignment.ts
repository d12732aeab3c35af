/** Who a task is for: publishing it to its audience, and assigning it to a person who becomes reachable later. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PendingQuery } from '../../db/database.js';
import { people, schools, taskConfirmations, tasks } from '../../db/schema/index.js';
import { assertCanWrite, owningScope, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import { audienceMember, resolveAudience, type AudienceMember, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { regionTimezone } from '../directory/places.js';
import { zoneResolver } from '../directory/zones.js';
import { invalidInput } from '../errors.js';
import { announceToSchoolChats } from '../school-chats/school-chats.js';
import { explainRequired } from '../subscriptions/required-note.js';
import { ensureDigestJobs } from './digests.js';
import { taskMessage } from './messages.js';
import { scheduleTaskJobs } from './reminder-plan.js';
import { getTask, openStatuses, taskForAdmin, type Task } from './tasks.js';

export interface Assignee {
  assignee: string;
  schoolId: number | null;
  personId: number | null;
  municipalityId: number | null;
}

export interface Recipient extends AudienceMember {
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
export async function recipients(core: Core, task: Task): Promise<Recipient[]> {
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
