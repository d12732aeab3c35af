import type { Attachment } from '@maxhub/max-bot-api/types';
import type { Person } from '../core/directory/people.js';
import { clearPrompt, currentPrompt } from '../core/tasks/prompts.js';
import { beginVisit, visitAnswered, visitButton, visitPressed, type VisitTurn } from '../core/tasks/visit-steps.js';
import { attachedFile } from './tasks.js';
import type { MaxTurn } from './turn.js';

/**
 * A curator's /visit on MAX, as on Telegram (bot/features/visits.ts): the steps are the domain's
 * (core/tasks/visit-steps.ts); a photo of the visit is kept by its MAX URL, as a task's photo evidence is. /visit is
 * not in MAX's one menu (a menu per role is Telegram's); a non-curator typing it is told visits are curators'.
 */

const visitTurn = (turn: MaxTurn, person: Person): VisitTurn => ({ core: turn.core, person, chatId: turn.chatId, locale: turn.locale });

export async function visit(turn: MaxTurn): Promise<void> {
  if (!turn.person) return void (await turn.reply(turn.t('not-registered')));
  await turn.reply(await beginVisit(visitTurn(turn, turn.person)));
}

/** A step's button (`vis:…`): the next question; an earlier step's button, or a visit gone, is outdated. */
export async function visitPress(turn: MaxTurn, payload: string): Promise<void> {
  const action = visitButton.parse(payload);
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  if (!action) return turn.answer({ notification: turn.t('button-outdated') });
  const next = await visitPressed(visitTurn(turn, person), action);
  if (next === 'outdated') return turn.answer({ notification: turn.t('button-outdated') });
  await turn.answer();
  // An answered step keeps its text and loses its buttons; «Записать посещение» under /tasks stays.
  if (action.step !== 'go') await turn.dropButtons();
  await turn.reply(next);
}

/** A message while a visit waits for one (a date, the result, the photo); false when none waits. */
export async function visitAnswer(turn: MaxTurn, text: string, attachments: Attachment[]): Promise<boolean> {
  if (!turn.person) return false;
  const file = attachedFile(attachments);
  const photo = file?.kind === 'photo' ? file.fileId : undefined;
  const answer = await visitAnswered(visitTurn(turn, turn.person), { text, ...(photo ? { photo } : {}) });
  if (!answer) return false;
  await turn.reply(answer);
  return true;
}

/** /cancel during a task's or a visit's question: the question is dropped; false when none was open. */
export async function cancelPrompt(turn: MaxTurn): Promise<boolean> {
  const prompt = turn.person ? await currentPrompt(turn.core, turn.person.id, turn.chatId) : undefined;
  if (!prompt) return false;
  await clearPrompt(turn.core, prompt.personId);
  return true;
}
