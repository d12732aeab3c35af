import { and, eq, gt, inArray, isNotNull, like, or, sql } from 'drizzle-orm';
import type { PendingQuery } from '../../db/database.js';
import {
  adminTelegramLinks,
  auditLog,
  calendarFeeds,
  contacts,
  conversationState,
  curatorSchools,
  curatorVisits,
  deliveries,
  deliveryPreferences,
  eventParticipants,
  events,
  people,
  roadMapItemHistory,
  roadMapPrompts,
  schoolChats,
  subscriptionChanges,
  subscriptions,
  surveyAnswers,
  surveyResponses,
  systemState,
  taskConfirmations,
  taskDigestSubscribers,
  taskPrompts,
} from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { DomainError } from '../errors.js';
import { decline } from '../events/participation.js';
import { escapeHtml } from '../text/html.js';
import { contactsOf } from '../directory/contacts.js';
import type { Person } from '../directory/people.js';

/** What stands for an erased person's name or words in messages to others (a verifier's request, a problem alert). */
const erased = '—';

/**
 * /delete_me (and a declined consent): erases what identifies the person from every table, and keeps only the
 * anonymous rest the region's figures use: the row with role, school and subjects, and answers without free text
 * (statuses, ratings, choices). Free text the person wrote (comments, evidence, problems, survey texts, visit
 * results) is cleared, messages to them are emptied, and messages to others about them lose their name. The
 * database runs with `secure_delete`, so the erased bytes are overwritten in the file too.
 */
export async function erasePerson(core: Core, person: Person): Promise<void> {
  // A place taken at an event still ahead goes to the next on its waiting list.
  await freeUpcomingPlaces(core, person);
  const written = await textsWrittenBy(core, person.id);
  const { db } = core.database;
  const now = core.clock.now();
  const id = person.id;
  const queries: PendingQuery[] = [
    db
      .update(people)
      .set({ status: 'deleted', fullName: null, searchName: null, timezone: null, consentAt: null, decisionReason: null, updatedAt: now })
      .where(eq(people.id, id)),
    db
      .update(deliveries)
      .set({ status: 'skipped', error: 'recipient-deleted' })
      .where(and(eq(deliveries.personId, id), eq(deliveries.status, 'pending'))),
    db
      .update(deliveries)
      .set({ chatId: '', message: { html: '' } })
      .where(eq(deliveries.personId, id)),
    // The coordinator's approval request is all about the applicant: name, school, subjects.
    db
      .update(deliveries)
      .set({ status: 'skipped', error: 'subject-deleted' })
      .where(and(like(deliveries.dedupeKey, `approval-request:${id}:%`), eq(deliveries.status, 'pending'))),
    db
      .update(deliveries)
      .set({ message: { html: '' } })
      .where(like(deliveries.dedupeKey, `approval-request:${id}:%`)),
    db.delete(taskPrompts).where(eq(taskPrompts.personId, id)),
    db.delete(taskDigestSubscribers).where(eq(taskDigestSubscribers.personId, id)),
    db.delete(curatorSchools).where(eq(curatorSchools.curatorId, id)),
    db.delete(calendarFeeds).where(eq(calendarFeeds.personId, id)),
    db.delete(deliveryPreferences).where(eq(deliveryPreferences.personId, id)),
    db.delete(subscriptions).where(eq(subscriptions.personId, id)),
    db.delete(subscriptionChanges).where(eq(subscriptionChanges.personId, id)),
    db.update(eventParticipants).set({ comment: null, awaitingCommentUntil: null }).where(eq(eventParticipants.personId, id)),
    db
      .update(taskConfirmations)
      .set({ evidenceText: null, evidenceFileId: null, problem: null })
      .where(or(eq(taskConfirmations.personId, id), eq(taskConfirmations.confirmedBy, id))),
    db.update(taskConfirmations).set({ returnReason: null }).where(eq(taskConfirmations.verifiedBy, id)),
    db.update(curatorVisits).set({ result: '', photoFileId: null }).where(eq(curatorVisits.curatorId, id)),
    db.update(schoolChats).set({ linkedBy: null }).where(eq(schoolChats.linkedBy, id)),
    // Named answers: the texts go, the response no longer points at the person (choices and numbers stay counted).
    db
      .update(surveyAnswers)
      .set({ textValue: null })
      .where(
        and(
          isNotNull(surveyAnswers.textValue),
          inArray(surveyAnswers.responseId, db.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.personId, id))),
        ),
      ),
    db.update(surveyResponses).set({ personId: null }).where(eq(surveyResponses.personId, id)),
    db
      .update(auditLog)
      .set({ before: null, after: null })
      .where(and(eq(auditLog.entity, 'person'), eq(auditLog.entityId, String(id)))),
    // A road map executor's answers: what they wrote and sent, and the name they were signed with.
    db
      .update(roadMapItemHistory)
      .set({ comment: null, fileId: null, by: erased })
      .where(eq(roadMapItemHistory.personId, id)),
    db.delete(roadMapPrompts).where(eq(roadMapPrompts.personId, id)),
    // Which required-message notes they were shown (core/subscriptions/required-note.ts).
    db
      .delete(systemState)
      .where(like(systemState.key, `required-note:%:${id}`)),
    ...scrubs(core, [...(person.fullName ? [person.fullName] : []), ...written]),
  ];
  // Where they were reached goes too: every contact, what was keyed by their chats, what was sent there.
  for (const contact of await contactsOf(core, id)) {
    // Conversation state is keyed by the private chat's id.
    queries.push(db.delete(conversationState).where(eq(conversationState.key, contact.chatId)));
    queries.push(
      db
        .update(deliveries)
        .set({ chatId: '', message: { html: '' } })
        .where(and(eq(deliveries.channel, contact.channel), eq(deliveries.chatId, contact.chatId))),
    );
    if (contact.channel === 'telegram') queries.push(db.delete(adminTelegramLinks).where(eq(adminTelegramLinks.telegramId, Number(contact.userId))));
  }
  queries.push(db.delete(contacts).where(eq(contacts.personId, id)));
  await core.database.atomic(queries);
}

/** Free texts shorter than this are not looked for elsewhere: "да" would match every message. */
const shortestQuoted = 8;

/**
 * What the person wrote that messages to others may quote (a problem in the coordinator's alert, evidence in a
 * verifier's request), read before the erasure clears it at its source.
 */
async function textsWrittenBy(core: Core, id: number): Promise<string[]> {
  const { db } = core.database;
  const confirmations = await db
    .select({ problem: taskConfirmations.problem, evidence: taskConfirmations.evidenceText })
    .from(taskConfirmations)
    .where(or(eq(taskConfirmations.personId, id), eq(taskConfirmations.confirmedBy, id)));
  const returns = await db.select({ reason: taskConfirmations.returnReason }).from(taskConfirmations).where(eq(taskConfirmations.verifiedBy, id));
  const comments = await db.select({ comment: eventParticipants.comment }).from(eventParticipants).where(eq(eventParticipants.personId, id));
  const visits = await db.select({ result: curatorVisits.result }).from(curatorVisits).where(eq(curatorVisits.curatorId, id));
  const roadMapAnswers = await db.select({ comment: roadMapItemHistory.comment }).from(roadMapItemHistory).where(eq(roadMapItemHistory.personId, id));
  const texts = [
    ...confirmations.flatMap((c) => [c.problem, c.evidence]),
    ...returns.map((r) => r.reason),
    ...comments.map((c) => c.comment),
    ...visits.map((v) => v.result),
    ...roadMapAnswers.map((a) => a.comment),
  ];
  return texts.filter((t): t is string => t !== null && t.trim().length >= shortestQuoted);
}

/** Each text wherever else it was written: messages to verifiers and coordinators, audit details. */
function scrubs(core: Core, texts: string[]): PendingQuery[] {
  const { db } = core.database;
  // Stored as JSON text: the needle is the text as JSON writes it, in the HTML of a message and as typed.
  const needles = [...new Set(texts.flatMap((t) => [escapeHtml(t), t]))].map((n) => JSON.stringify(n).slice(1, -1));
  return needles.flatMap((needle) => [
    db
      .update(deliveries)
      .set({ message: sql`replace(${deliveries.message}, ${needle}, ${erased})` })
      .where(sql`instr(${deliveries.message}, ${needle}) > 0`),
    db
      .update(auditLog)
      .set({ before: sql`replace(${auditLog.before}, ${needle}, ${erased})`, after: sql`replace(${auditLog.after}, ${needle}, ${erased})` })
      .where(or(sql`instr(${auditLog.before}, ${needle}) > 0`, sql`instr(${auditLog.after}, ${needle}) > 0`)),
  ]);
}

async function freeUpcomingPlaces(core: Core, person: Person): Promise<void> {
  const taken = await core.database.db
    .select({ eventId: eventParticipants.eventId })
    .from(eventParticipants)
    .innerJoin(events, eq(events.id, eventParticipants.eventId))
    .where(and(eq(eventParticipants.personId, person.id), inArray(eventParticipants.status, ['going', 'waitlist']), gt(events.startsAt, core.clock.now())));
  for (const { eventId } of taken) {
    try {
      await decline(core, person, eventId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
}
