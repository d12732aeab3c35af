import { and, asc, desc, eq, gt, gte, inArray, isNull, like, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, eventParticipants, events, people, scheduledJobs } from '../../db/schema/index.js';
import { eventKinds, type ParticipantStatus } from '../vocabulary/events.js';
import type { PendingQuery } from '../../db/database.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, owningScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntry, auditEntryWhere } from '../admins/audit.js';
import { audienceRuleSchema, countAudience, inAudience, resolveAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import { enqueueDeliveries, type NewDelivery } from '../deliveries/outbox.js';
import type { Person } from '../directory/people.js';
import { personZone, zoneResolver } from '../directory/zones.js';
import { DomainError, invalidInput, parseInput, type FieldIssue } from '../errors.js';
import { scheduleJobs, type NewScheduledJob } from '../scheduler/jobs.js';
import { quietHoursOf } from '../deliveries/delivery-rules.js';
import { announceToSchoolChats, schoolsOfPeople } from '../school-chats/school-chats.js';
import { outsideQuietHours } from '../deliveries/quiet-hours.js';
import { defaultReminderOffsets, offsetLabel, offsetMinutes, reminderOffsetsOf, reminderOffsetsSchema } from './reminders.js';
import { announcementMessage, cancellationMessage, changeMessage, reminderMessage, type EventChange } from './messages.js';
import { explainRequired } from '../subscriptions/required-note.js';

export type Event = typeof events.$inferSelect;
export type Participant = typeof eventParticipants.$inferSelect;

/** Why the bot refuses a sign-up or a decline; the bot shows `events-refused-<reason>`. */
export const reminderJobKind = 'event-reminder';
/** After the event ends: "Были на мероприятии?" to each person still going. */
export const attendanceJobKind = 'event-attendance';
const minute = 60_000;

const nullableText = (max: number) => z.string().trim().max(max).nullable();

/** An event as an admin composes it; times are UTC ms (the panel converts what was typed in the region's zone). */
export const eventInputSchema = z
  .object({
    title: z.string().trim().min(3).max(200),
    kind: z.enum(eventKinds),
    description: z.string().trim().max(3000),
    startsAt: z.number({ error: 'invalid-date' }).int(),
    endsAt: z.number({ error: 'invalid-date' }).int(),
    place: nullableText(300),
    link: z
      .url({ protocol: /^https?$/, error: 'not-a-url' })
      .max(500)
      .nullable(),
    capacity: z.number({ error: 'not-a-number' }).int().positive().max(100_000).nullable(),
    registrationDeadline: z.number({ error: 'invalid-date' }).int().nullable(),
    audience: audienceRuleSchema,
    /** Minutes before the start; omitted or null = the kind's default (on an edit, omitted keeps what the event has). */
    reminderOffsets: reminderOffsetsSchema.nullable().optional(),
    /** The municipality the event belongs to (required for a coordinator; bounds its audience); null = the region. */
    municipalityId: z.number().int().positive().nullable(),
  })
  .superRefine((e, ctx) => {
    for (const issue of crossFieldIssues(e)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.reason });
  });
export type EventInput = z.input<typeof eventInputSchema>;

/** Checks between fields: the end after the start, sign-up closing before it. */
function crossFieldIssues(e: { startsAt?: unknown; endsAt?: unknown; registrationDeadline?: unknown }): FieldIssue[] {
  const out: FieldIssue[] = [];
  const n = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (n(e.startsAt) && n(e.endsAt) && e.endsAt <= e.startsAt) out.push({ field: 'endsAt', reason: 'end-before-start' });
  if (n(e.startsAt) && n(e.registrationDeadline) && e.registrationDeadline > e.startsAt)
    out.push({ field: 'registrationDeadline', reason: 'deadline-after-start' });
  return out;
}

/** Validates an event; a bad field does not hide the checks between fields (every problem is named at once). */
export function parseEventInput(input: unknown): z.output<typeof eventInputSchema> {
  try {
    return parseInput(eventInputSchema, input);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const seen = new Set(error.issues.map((i) => i.field));
    const extra = typeof input === 'object' && input !== null ? crossFieldIssues(input).filter((i) => !seen.has(i.field)) : [];
    throw extra.length ? new DomainError('invalid-input', undefined, [...error.issues, ...extra]) : error;
  }
}

export async function getEvent(core: Core, id: number): Promise<Event | undefined> {
  return core.database.db.select().from(events).where(eq(events.id, id)).get();
}

/** An event as an admin may see it, or not-found outside a coordinator's municipalities. */
export async function eventForAdmin(core: Core, actor: Actor, id: number): Promise<Event> {
  const event = await getEvent(core, id);
  if (!event) throw new DomainError('not-found');
  if (actor.role === 'coordinator') assertInScope(actor, event.municipalityId);
  return event;
}

export interface EventRow {
  event: Event;
  going: number;
  waitlist: number;
}

/** Events in scope: upcoming ones first (soonest first), then past ones (latest first). */
export async function listEventsForAdmin(core: Core, scope: Scope): Promise<EventRow[]> {
  const now = core.clock.now();
  const where = scopeWhere(scope, events.municipalityId);
  // The outer row by its table's name: in a one-table select drizzle writes `${x.id}` as a bare "id", which binds to the subquery's own table.
  const rows = await core.database.db
    .select({
      event: events,
      going: sql<number>`(select count(*) from event_participants p where p.event_id = events.id and p.status = 'going')`,
      waitlist: sql<number>`(select count(*) from event_participants p where p.event_id = events.id and p.status = 'waitlist')`,
    })
    .from(events)
    .where(where)
    .orderBy(
      sql`case when ${events.endsAt} > ${now} then 0 else 1 end`,
      sql`case when ${events.endsAt} > ${now} then ${events.startsAt} else -${events.startsAt} end`,
    )
    .limit(500);
  return rows;
}

function snapshot(e: z.output<typeof eventInputSchema>): Record<string, unknown> {
  return { ...e };
}

export async function createEvent(core: Core, actor: Actor, input: EventInput): Promise<Event> {
  assertCanWrite(actor);
  const parsed = parseEventInput(input);
  const valid = { ...parsed, reminderOffsets: parsed.reminderOffsets ?? [...defaultReminderOffsets[parsed.kind]] };
  assertOwningMunicipality(actor, valid.municipalityId);
  return insertDraft(core, actor, valid, { action: 'event.create', after: snapshot(valid) });
}

/** Stores a validated event as a draft with its audit entry in one batch, and returns the new row. */
export async function insertDraft(
  core: Core,
  actor: Actor,
  valid: z.output<typeof eventInputSchema>,
  audit: { action: string; after: Record<string, unknown> },
): Promise<Event> {
  const now = core.clock.now();
  const { db } = core.database;
  await core.database.atomic([
    db.insert(events).values({ ...valid, status: 'draft', createdBy: actor.label, createdAt: now, updatedAt: now }),
    auditEntryWhere(core, actor, {
      action: audit.action,
      entity: 'event',
      entityId: sql`select cast(max(${events.id}) as text) from ${events}`,
      municipalityId: valid.municipalityId,
      after: audit.after,
    }),
  ]);
  const row = await db.select().from(events).where(eq(events.createdBy, actor.label)).orderBy(desc(events.id)).get();
  return row!;
}

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

const reminderKey = (eventId: number, personId: number | string, label: string) => `event:${eventId}:remind:${personId}:${label}`;
/** A reminder that fell in someone's quiet hours runs again when they end: the same reminder, a job key of its own. */
const deferredKeyPattern = /:q\d+$/;

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
      telegramId: people.telegramId,
      language: people.language,
      timezone: people.timezone,
      municipalityId: people.municipalityId,
      status: eventParticipants.status,
    })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .where(and(eq(eventParticipants.eventId, after.id), inArray(eventParticipants.status, ['going', 'waitlist'])));
  const zoneOf = await zoneResolver(core);
  await enqueueDeliveries(
    core,
    rows.flatMap((p): NewDelivery[] => {
      const going = p.status === 'going';
      if (p.telegramId === null || (!going && !change.time && !change.place)) return [];
      return [
        {
          chatId: String(p.telegramId),
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

/** How many people an event's audience reaches now. */
export async function countEventAudience(core: Core, event: Pick<Event, 'audience' | 'municipalityId'>): Promise<number> {
  return countAudience(core, event.audience as AudienceRule, owningScope(event.municipalityId));
}

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
function announcement(core: Core, event: Event, p: { id: number; telegramId: number; language: Person['language'] }, zone: string, now: number): NewDelivery {
  return {
    chatId: String(p.telegramId),
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
  if (!person || person.telegramId === null || person.status !== 'active' || person.consentAt === null) return 0;
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
      items.push(announcement(core, event, { ...person, telegramId: person.telegramId }, zone, now));
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
    .select({ id: people.id, telegramId: people.telegramId, language: people.language, timezone: people.timezone, municipalityId: people.municipalityId })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .where(and(eq(eventParticipants.eventId, id), inArray(eventParticipants.status, ['going', 'waitlist'])));
  const zoneOf = await zoneResolver(core);
  await enqueueDeliveries(
    core,
    signed.flatMap((p): NewDelivery[] =>
      p.telegramId === null
        ? []
        : [
            {
              chatId: String(p.telegramId),
              personId: p.id,
              purpose: 'event-cancelled',
              dedupeKey: `event:${id}:cancel:${p.id}`,
              priority: 5,
              message: cancellationMessage(core, event, p.language, zoneOf(p)),
            },
          ],
    ),
  );
}

export interface ParticipantRow {
  participant: Participant;
  fullName: string | null;
  municipalityId: number | null;
}

export async function listParticipants(core: Core, actor: Actor, id: number): Promise<ParticipantRow[]> {
  await eventForAdmin(core, actor, id);
  return core.database.db
    .select({ participant: eventParticipants, fullName: people.fullName, municipalityId: people.municipalityId })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .where(eq(eventParticipants.eventId, id))
    .orderBy(asc(eventParticipants.status), asc(eventParticipants.id));
}

export async function participation(core: Core, eventId: number, personId: number): Promise<ParticipantStatus | null> {
  const row = await core.database.db
    .select({ status: eventParticipants.status })
    .from(eventParticipants)
    .where(and(eq(eventParticipants.eventId, eventId), eq(eventParticipants.personId, personId)))
    .get();
  return row?.status ?? null;
}

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
  if (!person?.telegramId || !person.notifications.reminders) return 'not-needed';
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
      chatId: String(person.telegramId),
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
