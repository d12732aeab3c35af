/** Editing an event: its reminders follow a new start, and those signed up are told what changed. */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { PendingQuery } from '../../db/database.js';
import { eventParticipants, events, people, scheduledJobs } from '../../db/schema/index.js';
import { assertCanWrite, assertOwningMunicipality, type Actor } from '../admins/access.js';
import { auditEntry } from '../admins/audit.js';
import type { Core } from '../core.js';
import { hasAnyContact } from '../directory/contacts.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import { invalidInput } from '../errors.js';
import { scheduleJobs } from '../scheduler/jobs.js';
import { eventForAdmin, getEvent, parseEventInput, type Event, type EventInput } from './events.js';
import { zoneResolver } from '../directory/zones.js';
import { changeMessage, type EventChange } from './messages.js';
import { defaultReminderOffsets, offsetLabel, offsetMinutes, reminderOffsetsOf } from './reminders.js';
import { attendanceJobKind, deferredKeyPattern, reminderJobKind, reminderJobs, reminderKey } from './reminding.js';

const minute = 60_000;

/** Edits a draft or a published event; a changed start moves the reminders still due. A cancelled event stays as it is. */
export async function updateEvent(core: Core, actor: Actor, id: number, input: EventInput): Promise<Event> {
  assertCanWrite(actor);
  const before = await eventForAdmin(core, actor, id);
  if (before.status === 'cancelled') throw invalidInput('status', 'event-cancelled');
  const parsed = parseEventInput(input);
  const valid = { ...parsed, reminderOffsets: editedOffsets(before, parsed) };
  assertOwningMunicipality(actor, valid.municipalityId);
  const { db } = core.database;
  const now = core.clock.now();
  const statements: PendingQuery[] = [
    db
      .update(events)
      .set({ ...valid, updatedAt: now })
      .where(eq(events.id, id)),
    auditEntry(core, actor, {
      action: 'event.edit',
      entity: 'event',
      entityId: id,
      municipalityId: valid.municipalityId,
      before: changed(before, valid, 'before'),
      after: changed(before, valid, 'after'),
    }),
  ];
  const oldOffsets = reminderOffsetsOf(before);
  const remindersMoved = valid.startsAt !== before.startsAt || oldOffsets.join() !== valid.reminderOffsets.join();
  const added = valid.reminderOffsets.filter((m) => !oldOffsets.includes(m));
  if (remindersMoved)
    statements.push(...(await movedReminders(core, id, oldOffsets, valid.reminderOffsets, valid.startsAt, valid.startsAt !== before.startsAt)));
  if (valid.endsAt !== before.endsAt) {
    statements.push(
      db
        .update(scheduledJobs)
        .set({ dueAt: valid.endsAt })
        .where(and(eq(scheduledJobs.kind, attendanceJobKind), eq(scheduledJobs.status, 'due'), like(scheduledJobs.dedupeKey, `event:${id}:attend:%`))),
    );
  }
  await core.database.atomic(statements);
  const after = (await getEvent(core, id))!;
  if (added.length > 0 && after.status === 'published') {
    // A reminder added to a published event reaches everyone already going (those signing up later get it anyway).
    const going = await db
      .select({ personId: eventParticipants.personId })
      .from(eventParticipants)
      .where(and(eq(eventParticipants.eventId, id), eq(eventParticipants.status, 'going')));
    await scheduleJobs(
      core,
      going.flatMap((p) => reminderJobs({ ...after, reminderOffsets: added }, p.personId, now)),
    );
  }
  if (before.status === 'published') await notifyChange(core, before, after);
  return after;
}

/**
 * The offsets an edit leaves the event with: the ones given; null = the kind's default; omitted = the event's own,
 * unless the kind changed and the event had its old kind's default (then the new kind's default).
 */
function editedOffsets(before: Event, input: { kind: Event['kind']; reminderOffsets?: number[] | null | undefined }): number[] {
  if (input.reminderOffsets) return input.reminderOffsets;
  const fresh = [...defaultReminderOffsets[input.kind]];
  if (input.reminderOffsets === null || before.reminderOffsets === null) return fresh;
  const hadDefault = before.reminderOffsets.join() === defaultReminderOffsets[before.kind].join();
  return input.kind !== before.kind && hadDefault ? fresh : [...before.reminderOffsets];
}

/**
 * The reminders still due of an event whose start or offsets changed: a kept offset moves with the start, a removed
 * one is called off (and comes back if it is added again), and one put off by quiet hours is put back on its offset's
 * new time when the start moved. The dedupe keys of the deliveries do not change, so nobody is reminded twice of one offset.
 */
async function movedReminders(
  core: Core,
  id: number,
  oldOffsets: readonly number[],
  newOffsets: readonly number[],
  startsAt: number,
  startMoved: boolean,
): Promise<PendingQuery[]> {
  const { db } = core.database;
  const now = core.clock.now();
  const ofEvent = (status: 'due' | 'cancelled', label: string) =>
    and(eq(scheduledJobs.kind, reminderJobKind), eq(scheduledJobs.status, status), like(scheduledJobs.dedupeKey, reminderKey(id, '%', label)));
  const moved = (m: number) => ({ dueAt: startsAt - m * minute, payload: sql`json_set(${scheduledJobs.payload}, '$.startsAt', ${startsAt})` });
  const out: PendingQuery[] = [];
  for (const m of new Set([...oldOffsets, ...newOffsets])) {
    const label = offsetLabel(m);
    if (!newOffsets.includes(m)) {
      out.push(db.update(scheduledJobs).set({ status: 'cancelled', note: 'reminder removed', finishedAt: now }).where(ofEvent('due', label)));
    } else if (oldOffsets.includes(m)) {
      out.push(db.update(scheduledJobs).set(moved(m)).where(ofEvent('due', label)));
    } else {
      out.push(
        db
          .update(scheduledJobs)
          .set({ ...moved(m), status: 'due', note: null, finishedAt: null })
          .where(and(ofEvent('cancelled', label), eq(scheduledJobs.note, 'reminder removed'))),
      );
    }
  }
  const deferred = await db
    .select({ id: scheduledJobs.id, dedupeKey: scheduledJobs.dedupeKey })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.kind, reminderJobKind), eq(scheduledJobs.status, 'due'), like(scheduledJobs.dedupeKey, `event:${id}:remind:%:q%`)));
  for (const job of deferred) {
    const original = job.dedupeKey!.replace(deferredKeyPattern, '');
    const m = offsetMinutes(original.slice(original.lastIndexOf(':') + 1));
    // The start unchanged, it still waits for the same quiet hours; an offset removed, its run finds it gone (and
    // sends after all if it is added back before then).
    if (m === null || !newOffsets.includes(m) || !startMoved) continue;
    // Its key is freed: the revived reminder may have to wait for the same quiet hours again.
    out.push(db.update(scheduledJobs).set({ status: 'cancelled', note: 'event moved', finishedAt: now, dedupeKey: null }).where(eq(scheduledJobs.id, job.id)));
    out.push(
      db
        .update(scheduledJobs)
        .set({ ...moved(m), status: 'due', note: null, finishedAt: null })
        .where(and(eq(scheduledJobs.kind, reminderJobKind), eq(scheduledJobs.dedupeKey, original))),
    );
  }
  return out;
}

/** A short, stable hash (FNV-1a, 32 bit) of a change, so the same change saved twice is told once. */
function changeHash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** What changed that people signed up must know: the time, the place, the link. */
export function eventChange(before: Event, after: Event): EventChange {
  const change: EventChange = {};
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) {
    change.time = { before: { startsAt: before.startsAt, endsAt: before.endsAt }, after: { startsAt: after.startsAt, endsAt: after.endsAt } };
  }
  if ((before.place ?? null) !== (after.place ?? null)) change.place = { before: before.place, after: after.place };
  if ((before.link ?? null) !== (after.link ?? null)) change.link = { before: before.link, after: after.link };
  return change;
}

/**
 * Tells those signed up what changed in a published event: those going about the time, place and link; the waiting
 * list about the time and place (they do not see the link). One message per person and change: the dedupe key holds a
 * hash of the change, so saving the same change again sends nothing new.
 */
async function notifyChange(core: Core, before: Event, after: Event): Promise<void> {
  const change = eventChange(before, after);
  if (!change.time && !change.place && !change.link) return;
  // The version saved over is part of the hash: the same save submitted twice at once is told once, while moving
  // an event back and later forth again (a new version each time) is told each time.
  const hash = changeHash({ change, version: before.updatedAt });
  const rows = await core.database.db
    .select({
      id: people.id,
      language: people.language,
      timezone: people.timezone,
      municipalityId: people.municipalityId,
      status: eventParticipants.status,
    })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .where(and(eq(eventParticipants.eventId, after.id), inArray(eventParticipants.status, ['going', 'waitlist']), hasAnyContact(people.id)));
  const zoneOf = await zoneResolver(core);
  await enqueueDeliveries(
    core,
    rows.flatMap((p): NewDelivery[] => {
      const going = p.status === 'going';
      if (!going && !change.time && !change.place) return [];
      return [
        {
          personId: p.id,
          purpose: 'event-changed',
          dedupeKey: `event:${after.id}:changed:${p.id}:${hash}`,
          priority: 4,
          message: changeMessage(core, after, change, p.language, zoneOf(p), going),
        },
      ];
    }),
  );
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>, side: 'before' | 'after'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = side === 'before' ? before[key] : after[key];
  }
  return out;
}
