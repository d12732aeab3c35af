import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { eventParticipants, people } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { hasContact } from '../directory/contacts.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import type { Person } from '../directory/people.js';
import { DomainError, parseInput } from '../errors.js';
import { personZone } from '../directory/zones.js';
import { getEvent, type Event, type Participant } from './events.js';
import { attendanceMessage } from './messages.js';
import { eventForPerson } from './participation.js';

/* After an event: did they come, a rating, a comment; and the summary an admin sees. */

/** How long after a rating the next text message counts as the comment. */
export const commentWindowMs = 2 * 3_600_000;

const attendancePayloadSchema = z.object({ eventId: z.number().int(), personId: z.number().int() });

/**
 * After the event has ended: asks one person still going whether they came. Safe to run twice (the delivery's
 * dedupe key per event and person); nothing for a cancelled event, one who declined, or one who already answered.
 */
export async function sendAttendanceQuestion(core: Core, payload: Record<string, unknown>, now: number): Promise<'sent' | 'not-needed'> {
  const parsed = attendancePayloadSchema.safeParse(payload);
  if (!parsed.success) return 'not-needed';
  const { eventId, personId } = parsed.data;
  const event = await getEvent(core, eventId);
  if (!event || event.status !== 'published' || now < event.endsAt) return 'not-needed';
  const row = await participantRow(core, eventId, personId);
  if (!row || row.status !== 'going' || row.attended !== null) return 'not-needed';
  const person = await core.database.db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || !(await hasContact(core, person.id))) return 'not-needed';
  await enqueueDeliveries(core, [
    {
      personId,
      purpose: 'event-attendance',
      dedupeKey: `event:${eventId}:attend:${personId}`,
      priority: 6,
      message: attendanceMessage(core, event, person.language, await personZone(core, person)),
    },
  ]);
  return 'sent';
}

async function participantRow(core: Core, eventId: number, personId: number): Promise<Participant | undefined> {
  return core.database.db
    .select()
    .from(eventParticipants)
    .where(and(eq(eventParticipants.eventId, eventId), eq(eventParticipants.personId, personId)))
    .get();
}

/** The event and the person's row, if they may give feedback on it: it has ended and they were going. */
async function feedbackTarget(core: Core, person: Pick<Person, 'id'>, eventId: number): Promise<{ event: Event; row: Participant }> {
  const event = await eventForPerson(core, eventId, person);
  if (event.status === 'cancelled') throw new DomainError('event-cancelled');
  if (core.clock.now() < event.endsAt) throw new DomainError('event-not-ended');
  const row = await participantRow(core, eventId, person.id);
  if (!row || row.status !== 'going') throw new DomainError('not-signed-up');
  return { event, row };
}

/** "Да" / "Нет" to "Были на мероприятии?". The same answer twice changes nothing; "Нет" clears a rating given before. */
export async function recordAttendance(
  core: Core,
  person: Pick<Person, 'id'>,
  eventId: number,
  attended: boolean,
): Promise<{ event: Event; changed: boolean }> {
  const { event, row } = await feedbackTarget(core, person, eventId);
  if (row.attended === attended) return { event, changed: false };
  const now = core.clock.now();
  await core.database.db
    .update(eventParticipants)
    .set(attended ? { attended, feedbackAt: now, updatedAt: now } : { attended, rating: null, awaitingCommentUntil: null, feedbackAt: now, updatedAt: now })
    .where(eq(eventParticipants.id, row.id));
  return { event, changed: true };
}

/** What «Да» / «Нет» answers the presser: the answer noted, or that it was noted already. */
export function attendanceNoticeKey(came: boolean, changed: boolean): string {
  if (!changed) return 'events-attended-already';
  return came ? 'events-attended-yes' : 'events-attended-no';
}

/** A 1–5 rating from one who came; opens the comment window. The same rating twice changes nothing. */
export async function rateEvent(core: Core, person: Pick<Person, 'id'>, eventId: number, rating: number): Promise<{ changed: boolean }> {
  const valid = parseInput(z.object({ rating: z.number().int().min(1).max(5) }), { rating }).rating;
  const { row } = await feedbackTarget(core, person, eventId);
  if (row.attended !== true) throw new DomainError('attendance-first');
  if (row.rating === valid) return { changed: false };
  const now = core.clock.now();
  await core.database.db
    .update(eventParticipants)
    .set({ rating: valid, awaitingCommentUntil: now + commentWindowMs, feedbackAt: now, updatedAt: now })
    .where(eq(eventParticipants.id, row.id));
  return { changed: true };
}

/**
 * A text message from a person who rated an event within the comment window becomes their comment (the most
 * recently rated event's); the window closes. Null when nothing awaits a comment from them, so the text is for others.
 */
export async function takeComment(core: Core, person: Pick<Person, 'id'>, text: string): Promise<Event | null> {
  const now = core.clock.now();
  const comment = text.trim().slice(0, 2000);
  if (!comment) return null;
  const written = await core.database.db
    .update(eventParticipants)
    .set({ comment, awaitingCommentUntil: null, updatedAt: now })
    .where(
      sql`${eventParticipants.id} = (select w.id from event_participants w where w.person_id = ${person.id} and w.awaiting_comment_until > ${now} order by w.awaiting_comment_until desc limit 1)`,
    )
    .returning({ eventId: eventParticipants.eventId })
    .get();
  return written ? ((await getEvent(core, written.eventId)) ?? null) : null;
}

export interface FeedbackSummary {
  attended: number;
  missed: number;
  unanswered: number;
  ratings: number;
  /** Average of the ratings given, or null when none. */
  averageRating: number | null;
}

/** Attendance and ratings of an event, for its page: counted over those who were going. */
export function feedbackSummary(rows: Pick<Participant, 'status' | 'attended' | 'rating'>[]): FeedbackSummary {
  const going = rows.filter((r) => r.status === 'going');
  const ratings = going.flatMap((r) => (r.attended === true && r.rating !== null ? [r.rating] : []));
  return {
    attended: going.filter((r) => r.attended === true).length,
    missed: going.filter((r) => r.attended === false).length,
    unanswered: going.filter((r) => r.attended === null).length,
    ratings: ratings.length,
    averageRating: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
  };
}
