import type { Attachment } from '@maxhub/max-bot-api/types';
import { DomainError } from '../core/errors.js';
import { roadMapButton } from '../core/roadmaps/buttons.js';
import { answerAsExecutor, completeAnswer, waitingAnswer } from '../core/roadmaps/executor-answers.js';
import { attachedFile } from './tasks.js';
import type { MaxTurn } from './turn.js';

/**
 * A road map's executors on MAX, as on Telegram (bot/features/roadmaps.ts): the outbox brings them the row's
 * question with «Выполнено» / «Перенести» / «Есть проблема» (`rm:<itemId>:…`), and the one message after the press
 * (a result, a new date, the problem, or a file kept by its MAX URL) goes into the row's report.
 */

export async function roadmapPress(turn: MaxTurn, payload: string): Promise<void> {
  const action = roadMapButton.parse(payload);
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  if (!action) return turn.answer({ notification: turn.t('button-outdated') });
  if (person.status !== 'active') return turn.answer({ notification: turn.t('events-not-active') });
  try {
    await answerAsExecutor(turn.core, person, action.itemId, action.action);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return turn.answer({ notification: turn.t(error.code === 'not-assignee' ? 'roadmap-not-executor' : 'roadmap-not-found') });
  }
  await turn.answer();
  await turn.reply(turn.t(`roadmap-answer-${action.action}`));
}

/** The message that completes a waiting answer (text and/or a file); false when no answer waits. */
export async function roadmapAnswer(turn: MaxTurn, text: string, attachments: Attachment[]): Promise<boolean> {
  const person = turn.person;
  if (!person || person.status !== 'active' || text.startsWith('/')) return false;
  if (!(await waitingAnswer(turn.core, person.id))) return false;
  const fileId = attachedFile(attachments)?.fileId ?? null;
  if (!fileId && !text) return false;
  await completeAnswer(turn.core, person.id, { text: text || null, fileId });
  await turn.reply(turn.t('roadmap-answer-saved'));
  return true;
}
