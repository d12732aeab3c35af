import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { MessengerChannel } from '../../core/vocabulary/channels.js';
import type { MessageAttachment } from '../../core/vocabulary/message.js';
import type { BroadcastButton } from './broadcasts.js';
import { events } from './events.js';
import { municipalities } from './directory.js';

/** A Telegram channel (or group) the institute posts to; the bot must be an admin there. */
export const channels = sqliteTable('channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The messenger the channel is on. */
  channel: text('channel').$type<MessengerChannel>().notNull().default('telegram'),
  /** Telegram's id (-100…) or @username, as the admin gave it. */
  chatId: text('chat_id').notNull().unique(),
  title: text('title').notNull(),
  /** A municipality's own channel (its coordinators post there); null = regional. */
  municipalityId: integer('municipality_id').references(() => municipalities.id),
  /** The last check: null = fine, otherwise 'not-admin', 'not-found' or 'unreachable'. */
  problem: text('problem'),
  checkedAt: integer('checked_at'),
  createdAt: integer('created_at').notNull(),
});

export type ChannelPostKind = 'post' | 'announcement' | 'post-release';
export type ChannelPostStatus = 'scheduled' | 'queued' | 'deleted' | 'cancelled';

/**
 * A post in a channel: sent through the outbox (one delivery, source 'channel-post:<id>'), at once or at `postAt`.
 * What was posted (its message id, its fate) is read from that delivery.
 */
export const channelPosts = sqliteTable(
  'channel_posts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    kind: text('kind').$type<ChannelPostKind>().notNull(),
    eventId: integer('event_id').references(() => events.id),
    html: text('html').notNull(),
    attachment: text('attachment', { mode: 'json' }).$type<MessageAttachment>(),
    buttons: text('buttons', { mode: 'json' }).$type<BroadcastButton[]>().notNull(),
    status: text('status').$type<ChannelPostStatus>().notNull(),
    postAt: integer('post_at').notNull(),
    municipalityId: integer('municipality_id').references(() => municipalities.id),
    createdBy: text('created_by').notNull(),
    editedAt: integer('edited_at'),
    deletedAt: integer('deleted_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('channel_posts_channel').on(t.channelId, t.id)],
);
