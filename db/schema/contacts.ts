import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ContactStatus, MessengerChannel } from '../../core/vocabulary/channels.js';
import { people } from './directory.js';

/**
 * Where a person is reached: one row per messenger they use (Telegram, MAX). The outbox writes to the preferred
 * active one and falls back to another when a messenger answers that the person blocked the bot there.
 */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    channel: text('channel').$type<MessengerChannel>().notNull(),
    /** The person's id in that messenger (Telegram's numeric user id as text, MAX's user id). */
    userId: text('user_id').notNull(),
    /** The private chat the bot writes to (on Telegram the same as the user id). */
    chatId: text('chat_id').notNull(),
    status: text('status').$type<ContactStatus>().notNull().default('active'),
    /** The one the outbox tries first; a person has at most one. */
    preferred: integer('preferred', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('contacts_channel_user').on(t.channel, t.userId), index('contacts_person').on(t.personId)],
);
