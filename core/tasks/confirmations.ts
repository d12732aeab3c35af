/** The assignee's side of a task: opening it, confirming it with evidence, a problem, and the verifier's decision. */
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { curatorSchools, people, schools, taskConfirmations, tasks } from '../../db/schema/index.js';
import type { ConfirmationStatus } from '../vocabulary/tasks.js';
import { assertCanWrite, assertInScope, owningScope, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import { inAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { hasActiveContact, hasContact } from '../directory/contacts.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import { coordinatorsOf, type Person } from '../directory/people.js';
import { DomainError, invalidInput, parseInput } from '../errors.js';
import { personZone } from '../directory/zones.js';
import { confirmedNotice, problemAlert, returnedMessage, verificationRequest, verifiedNotice } from './messages.js';
import { getTask, openStatuses, taskForAdmin, type Confirmation, type Task } from './tasks.js';

/** Statuses from which "Выполнено" may move a confirmation. */
const confirmableStatuses: ConfirmationStatus[] = ['pending', 'returned', 'problem'];

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

export async function verifiers(
  core: Core,
  verifier: 'curator' | 'coordinator',
  confirmation: Pick<Confirmation, 'schoolId' | 'municipalityId'>,
): Promise<Person[]> {
  const { db } = core.database;
  if (verifier === 'curator') {
    if (confirmation.schoolId === null) return [];
    const rows = await db
      .select({ person: people })
      .from(curatorSchools)
      .innerJoin(people, eq(people.id, curatorSchools.curatorId))
      .where(and(eq(curatorSchools.schoolId, confirmation.schoolId), eq(people.status, 'active'), hasActiveContact(people.id)));
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
  if (confirmer && (await hasContact(core, confirmer.id))) {
    const zone = await personZone(core, confirmer);
    await enqueueDeliveries(core, [
      {
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

/** A confirmation with evidence, as an admin in scope may open it. */
export async function confirmationForAdmin(core: Core, actor: Actor, id: number): Promise<Confirmation> {
  const c = await confirmationById(core, id);
  if (!c) throw new DomainError('not-found');
  await taskForAdmin(core, actor, c.taskId);
  if (actor.role === 'coordinator') assertInScope(actor, c.municipalityId);
  return c;
}
