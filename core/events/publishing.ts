/** Publishing an event (its announcement, to later joiners of its audience too) and cancelling it. */
import { and, asc, eq, gt, gte, inArray, isNull, like, or } from 'drizzle-orm';
import { deliveries, eventParticipants, events, people, scheduledJobs } from '../../db/schema/index.js';
import { assertCanWrite, owningScope, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import { inAudience, resolveAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { hasAnyContact, hasContact } from '../directory/contacts.js';
import type { Person } from '../directory/people.js';
import { invalidInput } from '../errors.js';
import { announceToSchoolChats, schoolsOfPeople } from '../school-chats/school-chats.js';
import { explainRequired } from '../subscriptions/required-note.js';
import { eventForAdmin, getEvent, type Event } from './events.js';
import { personZone, zoneResolver } from '../directory/zones.js';
import { announcementMessage, cancellationMessage } from './messages.js';
import { attendanceJobKind, reminderJobKind } from './reminding.js';

/** Publishes a draft: the announcement goes to each person of the audience once (dedupe per event and person). */
export async function publishEvent(core: Core, actor: Actor, id: number): Promise<number> {
  assertCanWrite(actor);
  const event = await eventForAdmin(core, actor, id);
  if (event.status !== 'draft') throw invalidInput('status', 'event-not-draft');
  const now = core.clock.now();
  if (event.startsAt <= now) throw invalidInput('startsAt', 'event-in-past');
  const audience = await resolveAudience(core, event.audience as AudienceRule, owningScope(event.municipalityId));
  if (audience.length === 0) throw invalidInput('audience', 'audience-empty');
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(events)
      .set({ status: 'published', publishedAt: now, updatedAt: now })
      .where(and(eq(events.id, id), eq(events.status, 'draft'))),
    auditEntry(core, actor, {
      action: 'event.publish',
      entity: 'event',
      entityId: id,
      municipalityId: event.municipalityId,
      after: { status: 'published', recipients: audience.length },
    }),
  ]);
  const published = (await getEvent(core, id))!;
  const zoneOf = await zoneResolver(core);
  await enqueueDeliveries(
    core,
    await explainRequired(
      core,
      published.audience as AudienceRule,
      'event',
      audience.map((p) => announcement(core, published, p, zoneOf(p), now)),
    ),
  );
  // The schools of the audience see it in their team chats too (without the personal buttons).
  const { buttons: _personal, ...forGroups } = announcementMessage(core, published, 'ru', zoneOf.region);
  await announceToSchoolChats(core, {
    schoolIds: await schoolsOfPeople(
      core,
      audience.map((p) => p.id),
    ),
    kind: 'events',
    dedupeKey: `event:${id}:announce`,
    purpose: 'event-announcement-chat',
    message: forGroups,
  });
  return audience.length;
}

/**
 * One person's announcement of an event: the same dedupe key at publish and for a late joiner, so nobody gets it
 * twice. Inside their quiet hours it waits until they end, unless the event starts before that.
 */
function announcement(core: Core, event: Event, p: { id: number; language: Person['language'] }, zone: string, now: number): NewDelivery {
  return {
    personId: p.id,
    purpose: 'event-announcement',
    dedupeKey: `event:${event.id}:announce:${p.id}`,
    priority: 9,
    notBefore: now,
    // An invitation to sign up is of no use once sign-up has closed.
    sendBy: Math.min(event.startsAt, event.registrationDeadline ?? event.startsAt),
    message: announcementMessage(core, event, p.language, zone),
  };
}

/**
 * An audience is a rule: a person who becomes active later (approved, registered by invite, consented after an
 * import) gets the announcements of the published events still open to sign-up whose audience now matches them.
 * Safe to call for anyone at any time: those not reachable, already answered or already announced get nothing new.
 */
export async function announceOpenEventsTo(core: Core, personId: number): Promise<number> {
  const { db } = core.database;
  const now = core.clock.now();
  const person = await db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || person.status !== 'active' || person.consentAt === null || !(await hasContact(core, personId))) return 0;
  const open = await db
    .select({ event: events })
    .from(events)
    .leftJoin(eventParticipants, and(eq(eventParticipants.eventId, events.id), eq(eventParticipants.personId, personId)))
    .where(
      and(
        eq(events.status, 'published'),
        gt(events.startsAt, now),
        or(isNull(events.registrationDeadline), gte(events.registrationDeadline, now)),
        isNull(eventParticipants.id),
      ),
    )
    .orderBy(asc(events.startsAt))
    .limit(200);
  const zone = await personZone(core, person);
  const items: NewDelivery[] = [];
  for (const { event } of open) {
    if (await inAudience(core, event.audience as AudienceRule, personId, owningScope(event.municipalityId))) {
      items.push(announcement(core, event, person, zone, now));
    }
  }
  await enqueueDeliveries(core, items);
  return items.length;
}

/** Cancels an event: those signed up (going or waiting) are told once; their reminders are called off. */
export async function cancelEvent(core: Core, actor: Actor, id: number): Promise<void> {
  assertCanWrite(actor);
  const event = await eventForAdmin(core, actor, id);
  if (event.status === 'cancelled') return;
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.update(events).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(events.id, id)),
    db
      .update(scheduledJobs)
      .set({ status: 'cancelled', note: 'event cancelled', finishedAt: now })
      .where(and(eq(scheduledJobs.kind, reminderJobKind), eq(scheduledJobs.status, 'due'), like(scheduledJobs.dedupeKey, `event:${id}:remind:%`))),
    db
      .update(scheduledJobs)
      .set({ status: 'cancelled', note: 'event cancelled', finishedAt: now })
      .where(and(eq(scheduledJobs.kind, attendanceJobKind), eq(scheduledJobs.status, 'due'), like(scheduledJobs.dedupeKey, `event:${id}:attend:%`))),
    // Announcements still waiting for someone's quiet hours to end would announce a cancelled event.
    db
      .update(deliveries)
      .set({ status: 'skipped', error: 'event-cancelled' })
      .where(
        and(
          eq(deliveries.status, 'pending'),
          inArray(deliveries.purpose, ['event-announcement', 'event-reminder']),
          like(deliveries.dedupeKey, `event:${id}:%`),
        ),
      ),
    auditEntry(core, actor, {
      action: 'event.cancel',
      entity: 'event',
      entityId: id,
      municipalityId: event.municipalityId,
      before: { status: event.status },
      after: { status: 'cancelled' },
    }),
  ]);
  if (event.status !== 'published') return;
  const signed = await db
    .select({ id: people.id, language: people.language, timezone: people.timezone, municipalityId: people.municipalityId })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .where(and(eq(eventParticipants.eventId, id), inArray(eventParticipants.status, ['going', 'waitlist']), hasAnyContact(people.id)));
  const zoneOf = await zoneResolver(core);
  await enqueueDeliveries(
    core,
    signed.map(
      (p): NewDelivery => ({
        personId: p.id,
        purpose: 'event-cancelled',
        dedupeKey: `event:${id}:cancel:${p.id}`,
        priority: 5,
        message: cancellationMessage(core, event, p.language, zoneOf(p)),
      }),
    ),
  );
}
