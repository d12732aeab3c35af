import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { conversationState } from './schema/index.js';

/**
 * A key-value adapter for @grammyjs/conversations (read/write/delete of JSON state), so that a conversation
 * half-way survives a restart. The plugin keys state by chat id.
 */
export function conversationStore<S>(database: Database, now: () => number) {
  const { db } = database;
  return {
    async read(key: string): Promise<S | undefined> {
      const row = await db.select().from(conversationState).where(eq(conversationState.key, key)).get();
      return row ? (JSON.parse(row.value) as S) : undefined;
    },
    async write(key: string, state: S): Promise<void> {
      const value = JSON.stringify(state);
      await db
        .insert(conversationState)
        .values({ key, value, updatedAt: now() })
        .onConflictDoUpdate({ target: conversationState.key, set: { value, updatedAt: now() } });
    },
    async delete(key: string): Promise<void> {
      await db.delete(conversationState).where(eq(conversationState.key, key));
    },
  };
}
