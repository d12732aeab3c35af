import { eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { prepared } from './prepared.js';
import { conversationState } from './schema/index.js';

/** How stale updated_at may grow while a conversation's state stays the same. */
const unchangedTouchMs = 3_600_000;

/**
 * A key-value adapter for @grammyjs/conversations (read/write/delete of JSON state), so that a conversation
 * half-way survives a restart. The plugin keys state by chat id; it reads on every update, so the statements are prepared.
 */
export function conversationStore<S>(database: Database, now: () => number) {
  const { db } = database;
  const read = () =>
    prepared(db, 'conversation-read', () =>
      db
        .select()
        .from(conversationState)
        .where(eq(conversationState.key, sql.placeholder('key')))
        .prepare(),
    );
  const write = () =>
    prepared(db, 'conversation-write', () =>
      db
        .insert(conversationState)
        .values({ key: sql.placeholder('key'), value: sql.placeholder('value'), updatedAt: sql.placeholder('at') })
        .onConflictDoUpdate({
          target: conversationState.key,
          set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
          // The plugin writes back after every update it looked at, mostly the same state (a text ignored while a
          // conversation waits for a button): then nothing is written, but for a fresh updated_at once an hour,
          // which is all the clean-up of abandoned conversations (a week idle) needs.
          setWhere: sql`${conversationState.value} IS NOT excluded.value OR ${conversationState.updatedAt} < excluded.updated_at - ${unchangedTouchMs}`,
        })
        .prepare(),
    );
  const remove = () =>
    prepared(db, 'conversation-delete', () =>
      db
        .delete(conversationState)
        .where(eq(conversationState.key, sql.placeholder('key')))
        .prepare(),
    );
  return {
    async read(key: string): Promise<S | undefined> {
      const row = await read().get({ key });
      return row ? (JSON.parse(row.value) as S) : undefined;
    },
    async write(key: string, state: S): Promise<void> {
      await write().run({ key, value: JSON.stringify(state), at: now() });
    },
    async delete(key: string): Promise<void> {
      await remove().run({ key });
    },
  };
}
