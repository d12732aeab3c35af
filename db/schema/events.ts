import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AudienceRuleJson } from './audiences.js';
import { municipalities, people } from './directory.js';
import type { EventKind, EventStatus, ParticipantStatus } from '../../core/vocabulary/events.js';

export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    kind: text('kind').$type<EventKind>().notNull(),
    description: text('description').notNull().default(''),
    /** UTC milliseconds. */
    startsAt: integer('starts_at').notNull(),
    endsAt: integer('ends_at').notNull(),
    place: text('place'),
    /** Shown only to those signed up (in the card and reminders). */
    link: text('link'),
    capacity: integer('capacity'),
    registrationDeadline: integer('registration_deadline'),
    /** Minutes before the start, earliest first (core/events/reminders.ts); null = the kind's default (older rows). */
    reminderOffsets: text('reminder_offsets', { mode: 'json' }).$type<number[]>(),
    audience: text('audience', { mode: 'json' }).$type<AudienceRuleJson>().notNull().default(sql`'{}'`),
    status: text('status').$type<EventStatus>().notNull().default('draft'),
    /** Set for an event a coordinator made: it belongs to that municipality (its scope); null = regional. */
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    createdBy: text('created_by').notNull(),
    publishedAt: integer('published_at'),
    cancelledAt: integer('cancelled_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('events_status_starts').on(t.status, t.startsAt), index('events_municipality').on(t.municipalityId)],
);

export const eventParticipants = sqliteTable(
  'event_participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status').$type<ParticipantStatus>().notNull(),
    /** After the event: did they come (null = not answered). */
    attended: integer('attended', { mode: 'boolean' }),
    /** 1–5, only from those who came. */
    rating: integer('rating'),
    comment: text('comment'),
    feedbackAt: integer('feedback_at'),
    /** The next text message from this person before this instant (UTC ms) is their comment on the event. */
    awaitingCommentUntil: integer('awaiting_comment_until'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('event_participants_pair').on(t.eventId, t.personId),
    index('event_participants_person').on(t.personId),
    index('event_participants_created').on(t.createdAt),
    index('event_participants_event_status').on(t.eventId, t.status),
  ],
);

/**
 * A person's private calendar feed. The link's secret is an HMAC of the person and `epoch`, so nothing secret is
 * stored; a new link (epoch + 1) makes the old one stop working.
 */
export const calendarFeeds = sqliteTable('calendar_feeds', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => people.id),
  epoch: integer('epoch').notNull().default(0),
  createdAt: integer('created_at').notNull(),
});
