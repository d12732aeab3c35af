import { taskDeadlinesBetween, type TaskDeadline } from '../tasks/tasks.js';
import { and, asc, eq, gt, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { eventParticipants, events, municipalities, people, schools } from '../../db/schema/index.js';
import { eventKinds, type EventStatus } from '../vocabulary/events.js';
import { assertCanWrite, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import type { Core } from '../core.js';
import type { OutgoingMessage } from '../vocabulary/message.js';
import type { Locale } from '../../locales/translator.js';
import { eventForAdmin, insertDraft, parseEventInput, type Event, type EventInput, type EventRow } from './events.js';
import { announcementMessage } from './messages.js';
import { localToUtc, utcToLocalInput } from '../time/time.js';

/**
 * The panel's extra views of events: filters, the month calendar, the announcement preview, duplicating an event and
 * the participants' export. Everything is scoped like the rest of the panel (a coordinator sees only their
 * municipalities' events, and gets not-found for the others).
 */

/**
 * What an admin sees of an event's state. `finished` is a published event whose end has passed: derived from the
 * clock rather than stored, so it can never lag behind a job that did not run.
 */
export const eventStatuses = ['draft', 'published', 'finished', 'cancelled'] as const;
export type EventPhase = (typeof eventStatuses)[number];

export function eventPhase(event: { status: EventStatus; endsAt: number }, now: number): EventPhase {
  return event.status === 'published' && event.endsAt <= now ? 'finished' : event.status;
}

/** The list's and the calendar's filters, from the query string (an empty field means "any"). */
export const eventFilterSchema = z.object({
  status: z.enum(eventStatuses).optional(),
  kind: z.enum(eventKinds).optional(),
  /** The calendar only: events, task deadlines, or both (the default). */
  show: z.enum(['events', 'deadlines', 'both']).optional(),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

/** `YYYY-MM`, a real month. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'invalid-month');

function filterConditions(scope: Scope, filter: EventFilter, now: number): (SQL | undefined)[] {
  return [scopeWhere(scope, events.municipalityId), statusCondition(filter.status, now), filter.kind ? eq(events.kind, filter.kind) : undefined];
}

function statusCondition(phase: EventPhase | undefined, now: number): SQL | undefined {
  if (phase === 'finished') return and(eq(events.status, 'published'), lte(events.endsAt, now));
  if (phase === 'published') return and(eq(events.status, 'published'), gt(events.endsAt, now));
  return phase ? eq(events.status, phase) : undefined;
}

// The outer row by its table's name: in a one-table select drizzle writes `${x.id}` as a bare "id", which binds to the subquery's own table.
const goingCount = sql<number>`(select count(*) from event_participants p where p.event_id = events.id and p.status = 'going')`;
const waitlistCount = sql<number>`(select count(*) from event_participants p where p.event_id = events.id and p.status = 'waitlist')`;

/** Events in scope matching the filters: upcoming ones first (soonest first), then past ones (latest first). */
export async function listEventsFiltered(core: Core, scope: Scope, filter: EventFilter): Promise<EventRow[]> {
  const now = core.clock.now();
  return core.database.db
    .select({ event: events, going: goingCount, waitlist: waitlistCount })
    .from(events)
    .where(and(...filterConditions(scope, filter, now)))
    .orderBy(
      sql`case when ${events.endsAt} > ${now} then 0 else 1 end`,
      sql`case when ${events.endsAt} > ${now} then ${events.startsAt} else -${events.startsAt} end`,
    )
    .limit(500);
}

/** The month an instant falls in, in a zone: `YYYY-MM`. */
export function monthOf(ms: number, zone: string): string {
  return utcToLocalInput(ms, zone).slice(0, 7);
}

/** The month before or after (`delta` months away). */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface CalendarDay {
  /** `YYYY-MM-DD` in the region's zone. */
  date: string;
  day: number;
  inMonth: boolean;
  today: boolean;
  events: Event[];
  deadlines: TaskDeadline[];
}

export interface CalendarMonth {
  month: string;
  /** Weeks Monday to Sunday covering the month. */
  weeks: CalendarDay[][];
}

/** Local calendar date `YYYY-MM-DD` of an instant in a zone. */
function localDate(ms: number, zone: string): string {
  return utcToLocalInput(ms, zone).slice(0, 10);
}

/**
 * The month as a grid of weeks (Monday first) in the region's zone, with each day's events in scope that match the
 * filters. A multi-day event shows on every day it covers; one ending at midnight does not spill into the next day.
 */
export async function calendarMonth(core: Core, scope: Scope, month: string, zone: string, filter: EventFilter): Promise<CalendarMonth> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const firstDay = new Date(Date.UTC(y, m - 1, 1));
  const start = new Date(firstDay.getTime() - ((firstDay.getUTCDay() + 6) % 7) * 86_400_000);
  const today = localDate(core.clock.now(), zone);
  const weeks: CalendarDay[][] = [];
  for (let cursor = start; ; ) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      const date = cursor.toISOString().slice(0, 10);
      week.push({ date, day: cursor.getUTCDate(), inMonth: date.startsWith(month), today: date === today, events: [], deadlines: [] });
      cursor = new Date(cursor.getTime() + 86_400_000);
    }
    weeks.push(week);
    if (!cursor.toISOString().startsWith(month)) break;
  }
  // The whole grid, days of the next and previous months included, from its first local midnight to after its last day.
  const days = weeks.flat();
  const from = localToUtc(`${days[0]!.date}T00:00`, zone);
  const to = localToUtc(`${nextDate(days.at(-1)!.date)}T00:00`, zone);
  const [rows, deadlines] = await Promise.all([
    filter.show === 'deadlines'
      ? Promise.resolve([])
      : core.database.db
          .select()
          .from(events)
          .where(and(...filterConditions(scope, filter, core.clock.now()), lt(events.startsAt, to), gt(events.endsAt, from)))
          .orderBy(asc(events.startsAt), asc(events.id))
          .limit(2000),
    filter.show === 'events' ? Promise.resolve([]) : taskDeadlinesBetween(core, scope, from, to),
  ]);
  const byDay = new Map(days.map((d) => [d.date, d]));
  for (const deadline of deadlines) byDay.get(localDate(deadline.dueAt, zone))?.deadlines.push(deadline);
  for (const event of rows) {
    const first = localDate(Math.max(event.startsAt, from), zone);
    const last = localDate(Math.min(event.endsAt - 1, to - 1), zone);
    for (let d = first; d <= last; d = nextDate(d)) byDay.get(d)?.events.push(event);
  }
  return { month, weeks };
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The announcement exactly as the bot sends it on publish (the same `announcementMessage`), for an event being
 * composed: the form's values over the saved event, if any. Null while the times are not valid dates.
 */
export function announcementPreview(core: Core, input: EventInput, saved: Event | null, locale: Locale, zone: string): OutgoingMessage | null {
  if (!Number.isFinite(input.startsAt) || !Number.isFinite(input.endsAt)) return null;
  const deadline = input.registrationDeadline ?? null;
  const now = core.clock.now();
  // The saved row (or a blank draft) under the form's values: columns the announcement does not read, and any
  // added later, keep the saved value.
  const event = {
    createdBy: '',
    publishedAt: null,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
    ...saved,
    ...input,
    id: saved?.id ?? 0,
    status: saved?.status ?? 'draft',
    place: input.place ?? null,
    link: input.link ?? null,
    capacity: input.capacity ?? null,
    registrationDeadline: deadline !== null && Number.isFinite(deadline) ? deadline : null,
  } as Event;
  return announcementMessage(core, event, locale, zone);
}

/** How far a duplicate's dates move: a week later, so a weekly event's copy is ready to publish. */
export const duplicateShiftMs = 7 * 86_400_000;

/**
 * A new draft with the same fields as the event, its title followed by `suffix` (the panel's words, "(копия)"), its
 * times a week later. Scoped like the event's page (not-found outside a coordinator's municipalities); audited as
 * `event.duplicate` naming the original.
 */
export async function duplicateEvent(core: Core, actor: Actor, id: number, suffix: string): Promise<Event> {
  assertCanWrite(actor);
  const source = await eventForAdmin(core, actor, id);
  const shift = (ms: number | null) => (ms === null ? null : ms + duplicateShiftMs);
  const tail = ` ${suffix}`;
  // Every field the event's input knows is copied (the schema drops the row's own columns: id, status, times of
  // publishing…), so a field added to events later is duplicated too.
  const valid = parseEventInput({
    ...source,
    title: `${source.title.slice(0, 200 - tail.length)}${tail}`,
    startsAt: shift(source.startsAt),
    endsAt: shift(source.endsAt),
    registrationDeadline: shift(source.registrationDeadline),
  });
  return insertDraft(core, actor, valid, { action: 'event.duplicate', after: { duplicateOf: source.id, ...valid } });
}

export interface ParticipantExportRow {
  fullName: string | null;
  roles: string[];
  school: string | null;
  municipality: string | null;
  status: 'going' | 'waitlist' | 'declined';
  attended: boolean | null;
  rating: number | null;
  comment: string | null;
  /** When they answered (signed up, joined the waiting list or declined), UTC ms. */
  signedUpAt: number;
}

/** Everyone who answered an event, for its export: going first, then the waiting list, then those who declined. */
export async function participantsForExport(core: Core, actor: Actor, id: number): Promise<ParticipantExportRow[]> {
  await eventForAdmin(core, actor, id);
  const rows = await core.database.db
    .select({
      fullName: people.fullName,
      roles: people.roles,
      school: schools.shortName,
      municipality: municipalities.name,
      status: eventParticipants.status,
      attended: eventParticipants.attended,
      rating: eventParticipants.rating,
      comment: eventParticipants.comment,
      signedUpAt: eventParticipants.createdAt,
    })
    .from(eventParticipants)
    .innerJoin(people, eq(people.id, eventParticipants.personId))
    .leftJoin(schools, eq(schools.id, people.schoolId))
    .leftJoin(municipalities, eq(municipalities.id, sql`coalesce(${people.municipalityId}, ${schools.municipalityId})`))
    .where(eq(eventParticipants.eventId, id))
    .orderBy(sql`case ${eventParticipants.status} when 'going' then 0 when 'waitlist' then 1 else 2 end`, asc(eventParticipants.id));
  return rows.map((r) => ({ ...r, roles: r.roles as string[] }));
}
