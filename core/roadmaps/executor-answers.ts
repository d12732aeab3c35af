// An executor's answer in the bot (done, postponed, a problem) and the result, new date or problem they send after it.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { roadMapItemHistory, roadMapItems, roadMapPrompts, roadMaps } from '../../db/schema/index.js';
import { inAudience } from '../audiences/audiences.js';
import type { Core } from '../core.js';
import type { Person } from '../directory/people.js';
import { DomainError } from '../errors.js';
import { clearPrompt } from '../tasks/prompts.js';
import { executorAudiences } from './executors.js';
import type { RoadMap, RoadMapItem } from './plans.js';
import type { ItemHistory } from './tracking.js';

export const executorAnswers = { done: 'done', move: 'postponed', prob: null } as const;
export type ExecutorAnswer = keyof typeof executorAnswers;
const promptTtlMs = 24 * 3_600_000;

/** Whether a person answers for a row: one of its executors in the directory, the plan active, the row not dropped. */
async function answerableItem(core: Core, person: Pick<Person, 'id'>, itemId: number): Promise<{ item: RoadMapItem; plan: RoadMap }> {
  const { db } = core.database;
  const item = await db
    .select()
    .from(roadMapItems)
    .where(and(eq(roadMapItems.id, itemId), isNull(roadMapItems.droppedAt)))
    .get();
  const plan = item && (await db.select().from(roadMaps).where(eq(roadMaps.id, item.roadMapId)).get());
  if (!item || !plan || plan.stage !== 'active') throw new DomainError('not-found');
  for (const { rule } of executorAudiences(item, plan)) if (await inAudience(core, rule, person.id)) return { item, plan };
  throw new DomainError('not-assignee');
}

/**
 * An executor's button: «Выполнено» marks the row done, «Перенести» postponed, «Есть проблема» keeps its status; each is
 * a history entry, and the next text or file from them (within a day) is its result, new date or problem. The latest
 * button decides what the next message answers: a task's question waiting from before is dropped.
 */
export async function answerAsExecutor(core: Core, person: Person, itemId: number, answer: ExecutorAnswer): Promise<{ item: RoadMapItem; plan: RoadMap }> {
  const found = await answerableItem(core, person, itemId);
  const now = core.clock.now();
  const { db } = core.database;
  const entry = await db
    .insert(roadMapItemHistory)
    .values({ itemId, source: 'executor', status: executorAnswers[answer], personId: person.id, by: person.fullName ?? `#${person.id}`, at: now })
    .returning({ id: roadMapItemHistory.id })
    .get();
  await db
    .insert(roadMapPrompts)
    .values({ personId: person.id, historyId: entry.id, expiresAt: now + promptTtlMs })
    .onConflictDoUpdate({ target: roadMapPrompts.personId, set: { historyId: entry.id, expiresAt: now + promptTtlMs } });
  await clearPrompt(core, person.id);
  return found;
}

/** The answer the person's next message completes, if one waits. */
export async function waitingAnswer(core: Core, personId: number): Promise<ItemHistory | undefined> {
  const { db } = core.database;
  const prompt = await db
    .select()
    .from(roadMapPrompts)
    .where(and(eq(roadMapPrompts.personId, personId), gt(roadMapPrompts.expiresAt, core.clock.now())))
    .get();
  if (!prompt) return undefined;
  return db.select().from(roadMapItemHistory).where(eq(roadMapItemHistory.id, prompt.historyId)).get();
}

/** Attaches a result text or a file to the waiting answer and stops waiting. */
export async function completeAnswer(core: Core, personId: number, content: { text?: string | null; fileId?: string | null }): Promise<boolean> {
  const waiting = await waitingAnswer(core, personId);
  if (!waiting) return false;
  const { db } = core.database;
  await core.database.atomic([
    db
      .update(roadMapItemHistory)
      .set({ comment: content.text?.trim().slice(0, 2000) || waiting.comment, fileId: content.fileId ?? waiting.fileId })
      .where(eq(roadMapItemHistory.id, waiting.id)),
    db.delete(roadMapPrompts).where(eq(roadMapPrompts.personId, personId)),
  ]);
  return true;
}
