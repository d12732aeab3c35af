import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { MessageAttachment } from '../../core/vocabulary/message.js';
import { admins } from './admins.js';
import { municipalities } from './directory.js';
import type { AudienceRuleJson } from './audiences.js';

export type BroadcastStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

/** A button under a broadcast or a channel post: a link, or a deep link into the bot to an event's card. */
export type BroadcastButton = { kind: 'link'; text: string; url: string } | { kind: 'event'; text: string; eventId: number };

/**
 * One announcement to an audience: its text (Telegram HTML, checked before it is saved), an optional photo or
 * document, buttons, and the rule of who gets it. Each recipient is one delivery with source 'broadcast:<id>'.
 */
export const broadcasts = sqliteTable(
  'broadcasts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    html: text('html').notNull(),
    attachment: text('attachment', { mode: 'json' }).$type<MessageAttachment>(),
    buttons: text('buttons', { mode: 'json' }).$type<BroadcastButton[]>().notNull().default(sql`'[]'`),
    /** A message forwarded to the bot, broadcast as it is (copyMessage) instead of html. */
    copyOf: text('copy_of', { mode: 'json' }).$type<{ chatId: string; messageId: number }>(),
    audience: text('audience', { mode: 'json' }).$type<AudienceRuleJson>().notNull().default(sql`'{}'`),
    /** A coordinator's broadcast belongs to one municipality and reaches only it; null = the whole region. */
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    status: text('status').$type<BroadcastStatus>().notNull().default('draft'),
    /** When it is to go (UTC ms); null = at once when started. */
    sendAt: integer('send_at'),
    /** The form's one-time key: a double click or a resubmitted form makes one broadcast. */
    idempotencyKey: text('idempotency_key').unique(),
    /** How many deliveries were made for it (set when the audience is resolved). */
    recipients: integer('recipients'),
    createdBy: text('created_by').notNull(),
    adminId: integer('admin_id'),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    cancelledAt: integer('cancelled_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('broadcasts_status').on(t.status, t.id), index('broadcasts_municipality').on(t.municipalityId)],
);

/** An admin account's Telegram account: where test sends go, and who may use /broadcast in the bot. */
export const adminTelegramLinks = sqliteTable('admin_telegram_links', {
  adminId: integer('admin_id')
    .primaryKey()
    .references(() => admins.id),
  telegramId: integer('telegram_id').notNull().unique(),
  createdAt: integer('created_at').notNull(),
});
