import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { people, schools } from './directory.js';
import type { MessengerChannel } from '../../core/vocabulary/channels.js';
import type { SchoolChatScope } from '../../core/vocabulary/school-chats.js';

/** What a school's team chat receives: every announcement for the school, or only one kind. */

/** `removed`: the bot was taken out of the group; the link is kept and comes back when the bot is added again. */
export type SchoolChatStatus = 'active' | 'removed';

/** A Telegram group of a school's team, linked by one of its leads with /link. One group per school. */
export const schoolChats = sqliteTable(
  'school_chats',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    /** The messenger the group is on. */
    channel: text('channel').$type<MessengerChannel>().notNull().default('telegram'),
    /** Telegram's chat id (negative); changes when a group becomes a supergroup. */
    chatId: text('chat_id').notNull(),
    title: text('title'),
    scope: text('scope').$type<SchoolChatScope>().notNull().default('all'),
    status: text('status').$type<SchoolChatStatus>().notNull().default('active'),
    linkedBy: integer('linked_by').references(() => people.id),
    linkedAt: integer('linked_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('school_chats_school').on(t.schoolId), uniqueIndex('school_chats_chat').on(t.chatId), index('school_chats_status').on(t.status)],
);
