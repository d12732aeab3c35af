import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { MessengerChannel } from '../../core/vocabulary/channels.js';
import type { OutgoingMessage } from '../../core/vocabulary/message.js';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'skipped' | 'uncertain';

/**
 * The outbox: every message a job or an admin action sends is one row per chat,
 * drained by `tick` within the messenger's rate limits.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Which messenger adapter sends it ('telegram'; later 'max', 'email'). */
    channel: text('channel').$type<MessengerChannel>().notNull().default('telegram'),
    chatId: text('chat_id').notNull(),
    personId: integer('person_id'),
    /** Lower goes first: 0 for answers to a person's own action, 5 for notices, 9 for bulk. */
    priority: integer('priority').notNull().default(5),
    /** What produced it, e.g. 'registration.approval-request'; shown in reports. */
    purpose: text('purpose').notNull(),
    /**
     * The send-out a delivery belongs to, e.g. 'broadcast:12' (null for one-off notices): its report, its cancellation
     * and "resend to the failed" are one indexed query.
     */
    source: text('source'),
    /** One delivery per key: enqueuing the same thing twice is a no-op. */
    dedupeKey: text('dedupe_key').unique(),
    message: text('message', { mode: 'json' }).$type<OutgoingMessage>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: integer('not_before').notNull(),
    /** The latest moment the message is of use (an event's start): still unsent then, it is skipped as 'too-late'. */
    sendBy: integer('send_by'),
    claimedAt: integer('claimed_at'),
    sentAt: integer('sent_at'),
    externalId: text('external_id'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('deliveries_queue').on(t.status, t.priority, t.notBefore),
    // The drain's next candidates on its channel (pending, by priority, oldest first) read in order and stop at the
    // batch: without it every drain sorted the whole backlog by id (3.6 ms a drain at 10,000 pending).
    index('deliveries_next').on(t.status, t.channel, t.priority, t.id),
    // When a channel's next pending message is due, asked after every drain: one seek instead of a read of every
    // pending row (1.7 ms a drain at 10,000 pending, fifteen drains a second at 30/s).
    index('deliveries_due').on(t.status, t.channel, t.notBefore),
    index('deliveries_person').on(t.personId, t.status),
    index('deliveries_source').on(t.source, t.status),
    // A process starting up reads the last minute's sends to pace on from where the previous one stopped.
    index('deliveries_sent_at').on(t.sentAt),
  ],
);

/**
 * Messages sent per week (Monday-aligned UTC weeks since the epoch: `(sent_at + 3 days) / 7 days`) and municipality
 * of the recipient (0 for none), kept by the triggers of migration 0016 when a delivery's `sent_at` is set. The
 * dashboard's trend reads eight weeks of it, not the outbox, which grows with the directory times the messages.
 */
export const deliveriesSentTally = sqliteTable(
  'deliveries_sent_tally',
  {
    week: integer('week').notNull(),
    municipalityId: integer('municipality_id').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.week, t.municipalityId] })],
);
