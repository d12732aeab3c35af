/** An event itself: its input and checks, drafts, the panel's list, its audience and participants, and the zones its times are read in. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { eventKinds, eventParticipants, events, municipalities, people, type ParticipantStatus } from '../../db/schema/index.js';
import { assertCanWrite, assertInScope, assertOwningMunicipality, owningScope, scopeWhere, type Actor, type Scope } from '../admins/access.js';
import { auditEntryWhere } from '../admins/audit.js';
import { audienceRuleSchema, countAudience, type AudienceRule } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { Person } from '../directory/people.js';
import { regionTimezone } from '../directory/places.js';
import { DomainError, parseInput, type FieldIssue } from '../errors.js';
import { defaultReminderOffsets, reminderOffsetsSchema } from './reminders.js';

export type Event = typeof events.$inferSelect;
export type Participant = typeof eventParticipants.$inferSelect;

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

/** How many people an event's audience reaches now. */
export async function countEventAudience(core: Core, event: Pick<Event, 'audience' | 'municipalityId'>): Promise<number> {
  return countAudience(core, event.audience as AudienceRule, owningScope(event.municipalityId));
}

/** The zone of each person of a message: their own, their municipality's, the region's. */
export interface ZoneResolver {
  (p: { timezone: string | null; municipalityId: number | null }): string;
  /** The region's zone (for what goes to groups rather than to a person). */
  region: string;
}

/**
 * Resolves zones for any number of people in two statements (the region and the municipalities, a short list),
 * so a message to many people asks nothing per person.
 */
export async function zoneResolver(core: Core): Promise<ZoneResolver> {
  const region = await regionTimezone(core);
  const zones = new Map((await core.database.db.select({ id: municipalities.id, tz: municipalities.timezone }).from(municipalities)).map((m) => [m.id, m.tz]));
  return Object.assign(
    (p: { timezone: string | null; municipalityId: number | null }) => p.timezone ?? (p.municipalityId !== null ? zones.get(p.municipalityId) : null) ?? region,
    { region },
  );
}

/** The zone one person reads times in. */
export async function personZone(core: Core, person: Pick<Person, 'timezone' | 'municipalityId'>): Promise<string> {
  return person.timezone ?? (await zoneResolver(core))(person);
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
