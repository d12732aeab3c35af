import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { eventParticipants, events, people } from '../../db/schema/index.js';
import type { ParticipantStatus } from '../vocabulary/events.js';
import { owningScope } from '../admins/access.js';
import { inAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { hasContact } from '../directory/contacts.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import type { Person } from '../directory/people.js';
import { DomainError } from '../errors.js';
import { escapeHtml } from '../text/html.js';
import type { OutgoingMessage } from '../vocabulary/message.js';
import type { Locale } from '../../locales/translator.js';
import { getEvent, participation, type Event } from './events.js';
import { personZone } from '../directory/zones.js';
import { scheduleReminders } from './reminding.js';
import { eventCard, promotionMessage } from './messages.js';
import { eventIcs } from './ics.js';

/*
 * The person's side of an event (the bot): opening it, signing up and declining, the waiting list, /events.
 * The admin's side is in events.ts, changes.ts and publishing.ts, the reminders in reminding.ts, after the event in feedback.ts.
 */

/**
 * Whether an event is this person's: its audience includes them now, or they answered it already (going, waiting
 * or declined; a later change of the audience does not take their place away).
 */
export async function isEventForPerson(core: Core, event: Pick<Event, 'id' | 'audience' | 'municipalityId'>, personId: number): Promise<boolean> {
  if ((await participation(core, event.id, personId)) !== null) return true;
  return inAudience(core, event.audience as AudienceRule, personId, owningScope(event.municipalityId));
}

/**
 * A published or cancelled event as a person may open it: only an event of theirs (ids are sequential, so a
 * deep link `ev_<id>` or a crafted button must not open another municipality's event, its sign-up or its link).
 */
export async function eventForPerson(core: Core, id: number, person: Pick<Person, 'id'>): Promise<Event> {
  const event = await getEvent(core, id);
  if (!event || event.status === 'draft') throw new DomainError('not-found');
  if (!(await isEventForPerson(core, event, person.id))) throw new DomainError('not-in-audience');
  return event;
}

function assertOpen(event: Event, now: number, forSignUp: boolean): void {
  if (event.status === 'cancelled') throw new DomainError('event-cancelled');
  if (event.status !== 'published') throw new DomainError('event-not-open');
  if (now >= event.startsAt) throw new DomainError('event-started');
  if (forSignUp && event.registrationDeadline !== null && now > event.registrationDeadline) throw new DomainError('registration-closed');
}

export interface SignUpResult {
  status: 'going' | 'waitlist';
  /** False when the person was already signed up (a second press). */
  changed: boolean;
}

/** The locale key that tells a person where a press of «Пойду» left them, in either messenger. */
export function signUpNoticeKey(result: SignUpResult): string {
  if (result.status === 'waitlist') return result.changed ? 'events-signed-waitlist' : 'events-already-waitlist';
  return result.changed ? 'events-signed-up' : 'events-already-going';
}

/**
 * Signs a person up: going while there is room, else the waiting list. Idempotent: a second press changes nothing.
 * The place is decided in the same statement that writes it, so two presses at once cannot overfill the event.
 */
export async function signUp(core: Core, person: Pick<Person, 'id'>, eventId: number): Promise<SignUpResult> {
  const event = await eventForPerson(core, eventId, person);
  const now = core.clock.now();
  assertOpen(event, now, true);
  const status =
    event.capacity === null
      ? sql`'going'`
      : sql`case when (select count(*) from ${eventParticipants} where ${eventParticipants.eventId} = ${eventId} and ${eventParticipants.status} = 'going') < ${event.capacity} then 'going' else 'waitlist' end`;
  const written = await core.database.db
    .insert(eventParticipants)
    .values({ eventId, personId: person.id, status: status as unknown as ParticipantStatus, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [eventParticipants.eventId, eventParticipants.personId],
      set: { status: sql`excluded.status`, updatedAt: now, createdAt: now },
      setWhere: eq(eventParticipants.status, 'declined'),
    })
    .returning({ status: eventParticipants.status })
    .get();
  if (!written) {
    const current = await participation(core, eventId, person.id);
    return { status: current === 'waitlist' ? 'waitlist' : 'going', changed: false };
  }
  const result = written.status === 'waitlist' ? 'waitlist' : 'going';
  if (result === 'going') await scheduleReminders(core, event, person.id);
  return { status: result, changed: true };
}

/** "Не смогу": idempotent; a freed place goes to the first on the waiting list, who is told. */
export async function decline(core: Core, person: Pick<Person, 'id'>, eventId: number): Promise<{ changed: boolean }> {
  const event = await eventForPerson(core, eventId, person);
  const now = core.clock.now();
  assertOpen(event, now, false);
  const before = await participation(core, eventId, person.id);
  if (before === 'declined') return { changed: false };
  await core.database.db
    .insert(eventParticipants)
    .values({ eventId, personId: person.id, status: 'declined', createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [eventParticipants.eventId, eventParticipants.personId], set: { status: 'declined', updatedAt: now } });
  if (before === 'going') await promoteFromWaitlist(core, event);
  return { changed: true };
}

async function promoteFromWaitlist(core: Core, event: Event): Promise<void> {
  if (event.capacity === null) return;
  const { db } = core.database;
  const next = await db
    .update(eventParticipants)
    .set({ status: 'going', updatedAt: core.clock.now() })
    .where(
      and(
        eq(eventParticipants.eventId, event.id),
        eq(eventParticipants.status, 'waitlist'),
        sql`${eventParticipants.id} = (select min(w.id) from event_participants w where w.event_id = ${event.id} and w.status = 'waitlist')`,
        sql`(select count(*) from event_participants g where g.event_id = ${event.id} and g.status = 'going') < ${event.capacity}`,
      ),
    )
    .returning()
    .get();
  if (!next) return;
  const person = await db.select().from(people).where(eq(people.id, next.personId)).get();
  if (!person || !(await hasContact(core, person.id))) return;
  await enqueueDeliveries(core, [
    {
      personId: person.id,
      purpose: 'event-promoted',
      dedupeKey: `event:${event.id}:promoted:${person.id}:${next.updatedAt}`,
      message: promotionMessage(core, event, person.language, await personZone(core, person)),
    },
  ]);
  await scheduleReminders(core, event, person.id);
}

/**
 * The card a person opens (a deep link, «Подробнее», /events) with their status; for an event that is not theirs,
 * unknown or a draft, a clear answer instead.
 */
export async function eventCardFor(core: Core, person: Person, eventId: number, locale: Locale): Promise<OutgoingMessage> {
  let event: Event;
  try {
    event = await eventForPerson(core, eventId, person);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { html: escapeHtml(core.translate(locale, error.code === 'not-found' ? 'events-not-found' : `error-${error.code}`)) };
  }
  return eventCard(core, event, locale, await personZone(core, person), await participation(core, eventId, person.id));
}

/**
 * «Добавить в календарь»: the event's .ics (with its link) for one who is going; null for anyone else. A file
 * cannot go through the outbox, so each messenger sends it as the answer to the person's own press.
 */
export async function eventIcsFor(core: Core, person: Pick<Person, 'id'>, eventId: number): Promise<string | null> {
  const event = await eventForPerson(core, eventId, person);
  if (event.status === 'cancelled') throw new DomainError('event-cancelled');
  if ((await participation(core, event.id, person.id)) !== 'going') return null;
  return eventIcs(event, { now: core.clock.now(), includeLink: true });
}

/** The file name an event's .ics is sent under. */
export const eventIcsName = 'event.ics';

export interface PersonEventRow {
  event: Event;
  status: ParticipantStatus | null;
}

/** /events: what is ahead for a person — events of their audience and those they answered, soonest first. */
export async function upcomingEventsFor(core: Core, person: Pick<Person, 'id'>, limit = 10): Promise<PersonEventRow[]> {
  const now = core.clock.now();
  const { db } = core.database;
  const rows = await db
    .select({ event: events, status: eventParticipants.status })
    .from(events)
    .leftJoin(eventParticipants, and(eq(eventParticipants.eventId, events.id), eq(eventParticipants.personId, person.id)))
    .where(and(eq(events.status, 'published'), gt(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
    .limit(200);
  const out: PersonEventRow[] = [];
  for (const row of rows) {
    if (out.length >= limit) break;
    if (row.status !== null || (await inAudience(core, row.event.audience as AudienceRule, person.id, owningScope(row.event.municipalityId)))) out.push(row);
  }
  return out;
}
