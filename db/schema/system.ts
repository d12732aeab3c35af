import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Small process-wide facts that must survive a restart (e.g. a 429 pause of all sending). */
export const systemState = sqliteTable('system_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** State of grammY conversations, so a registration half-way survives a restart. */
export const conversationState = sqliteTable('conversation_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
