/** Reminding those going to an event: their reminder and attendance jobs, and each reminder sent when due (outside quiet hours). */
import { and, eq, like, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, scheduledJobs } from '../../db/schema/index.js';
import type { Core } from '../core.js';
import { hasContact } from '../directory/contacts.js';
import { quietHoursOf } from '../deliveries/delivery-rules.js';
import { enqueueDeliveries } from '../deliveries/outbox.js';
import { outsideQuietHours } from '../deliveries/quiet-hours.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';
import { getEvent, participation, type Event } from './events.js';
import { personZone } from '../directory/zones.js';
import { reminderMessage } from './messages.js';
import { offsetLabel, offsetMinutes, reminderOffsetsOf } from './reminders.js';

/** The job that reminds one person going to an event, at one of its offsets. */
export const reminderJobKind = 'event-reminder';
/** After the event ends: "Были на мероприятии?" to each person still going. */
export const attendanceJobKind = 'event-attendance';
const minute = 60_000;

export const reminderKey = (eventId: number, personId: number | string, label: string) => `event:${eventId}:remind:${personId}:${label}`;
/** A reminder that fell in someone's quiet hours runs again when they end: the same reminder, a job key of its own. */
export const deferredKeyPattern = /:q\d+$/;

/** The reminder jobs of one person going to an event: one per offset still ahead, keyed by event, person and offset. */
export function reminderJobs(event: Pick<Event, 'id' | 'kind' | 'startsAt' | 'reminderOffsets'>, personId: number, now: number): NewScheduledJob[] {
  return reminderOffsetsOf(event)
    .filter((m) => event.startsAt - m * minute > now)
    .map((m) => ({
      kind: reminderJobKind,
      dueAt: event.startsAt - m * minute,
      payload: { eventId: event.id, personId, offset: offsetLabel(m), startsAt: event.startsAt },
      dedupeKey: reminderKey(event.id, personId, offsetLabel(m)),
    }));
}

export async function scheduleReminders(core: Core, event: Event, personId: number): Promise<void> {
  await scheduleJobs(core, reminderJobs(event, personId, core.clock.now()));
  await scheduleJobs(core, [
    { kind: attendanceJobKind, dueAt: event.endsAt, payload: { eventId: event.id, personId }, dedupeKey: `event:${event.id}:attend:${personId}` },
  ]);
}

const reminderPayloadSchema = z.object({ eventId: z.number().int(), personId: z.number().int(), offset: z.string() });

/**
 * Sends one reminder, if it is still meaningful: the event is published and has not begun, the offset is still one of
 * the event's, the person is still going. Inside the person's quiet hours it is put off until they end (a job of its
 * own), unless the event starts before that. Safe to run twice: the delivery's dedupe key sends it once.
 */
export async function sendReminder(core: Core, payload: Record<string, unknown>, now: number): Promise<'sent' | 'deferred' | 'not-needed'> {
  const parsed = reminderPayloadSchema.safeParse(payload);
  if (!parsed.success) return 'not-needed';
  const { eventId, personId, offset } = parsed.data;
  const minutes = offsetMinutes(offset);
  const event = await getEvent(core, eventId);
  if (!event || event.status !== 'published' || now >= event.startsAt) return 'not-needed';
  if (minutes === null || !reminderOffsetsOf(event).includes(minutes)) return 'not-needed';
  if ((await participation(core, eventId, personId)) !== 'going') return 'not-needed';
  const person = await core.database.db.select().from(people).where(eq(people.id, personId)).get();
  if (!person || !(await hasContact(core, person.id)) || !person.notifications.reminders) return 'not-needed';
  const zone = await personZone(core, person);
  const at = outsideQuietHours(now, zone, event.startsAt, await quietHoursOf(core, personId));
  if (at > now) {
    await scheduleJobs(core, [
      {
        kind: reminderJobKind,
        dueAt: at,
        payload: { eventId, personId, offset, startsAt: event.startsAt },
        dedupeKey: `${reminderKey(eventId, personId, offset)}:q${at}`,
      },
    ]);
    return 'deferred';
  }
  await enqueueDeliveries(core, [
    {
      personId,
      purpose: 'event-reminder',
      dedupeKey: reminderKey(eventId, personId, offset),
      priority: 3,
      sendBy: event.startsAt,
      message: reminderMessage(core, event, person.language, zone),
    },
  ]);
  return 'sent';
}

/** Reminders still due for an event (for tests and the event's page). */
export async function dueReminders(core: Core, eventId: number): Promise<number> {
  const row = await core.database.db
    .select({ n: sql<number>`count(*)` })
    .from(scheduledJobs)
    .where(
      and(
        eq(scheduledJobs.kind, reminderJobKind),
        eq(scheduledJobs.status, 'due'),
        like(scheduledJobs.dedupeKey, `event:${eventId}:remind:%`),
        lte(scheduledJobs.dueAt, Number.MAX_SAFE_INTEGER),
      ),
    )
    .get();
  return row?.n ?? 0;
}
