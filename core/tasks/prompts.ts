import { and, eq, gt } from 'drizzle-orm';
import { taskPrompts } from '../../db/schema/index.js';
import type { Core } from '../core.js';

export type TaskPrompt = typeof taskPrompts.$inferSelect;
/** An unanswered question is forgotten after a day: a text sent next week is not evidence for it. */
export const promptTtlMs = 24 * 3_600_000;

/**
 * What the bot now waits for from a person in a chat (evidence, a reason, the next step of a visit). A row, so a
 * restart half-way continues; one per person, a new question replaces an older one.
 */
export async function setPrompt(
  core: Core,
  personId: number,
  chatId: number | string,
  kind: TaskPrompt['kind'],
  payload: Record<string, unknown>,
): Promise<void> {
  const expiresAt = core.clock.now() + promptTtlMs;
  await core.database.db
    .insert(taskPrompts)
    .values({ personId, chatId: String(chatId), kind, payload, expiresAt })
    .onConflictDoUpdate({ target: taskPrompts.personId, set: { chatId: String(chatId), kind, payload, expiresAt } });
}

/** The question open for this person in this chat, if any. */
export async function currentPrompt(core: Core, personId: number, chatId: number | string): Promise<TaskPrompt | undefined> {
  return core.database.db
    .select()
    .from(taskPrompts)
    .where(and(eq(taskPrompts.personId, personId), eq(taskPrompts.chatId, String(chatId)), gt(taskPrompts.expiresAt, core.clock.now())))
    .get();
}

export async function clearPrompt(core: Core, personId: number): Promise<void> {
  await core.database.db.delete(taskPrompts).where(eq(taskPrompts.personId, personId));
}
