import { conversationStore } from '../db/conversation-store.js';
import type { Core } from '../core/core.js';
import { personZone } from '../core/directory/zones.js';
import { DomainError } from '../core/errors.js';
import {
  answerQuestion,
  goBack,
  hasSubmitted,
  openSurveysFor,
  postponeSurvey,
  reviseQuestion,
  skipQuestion,
  startSurvey,
  submitSurvey,
  surveyViewFor,
  type AnswerOutcome,
  type SurveyView,
} from '../core/surveys/answering.js';
import { surveyAction } from '../core/surveys/delivery.js';
import { reviseButtons, stepMessage, type SurveyStepAct } from '../core/surveys/messages.js';
import { otherKey } from '../core/surveys/questions.js';
import { escapeHtml } from '../core/text/html.js';
import { formatInstant } from '../core/time/time.js';
import type { MaxTurn } from './turn.js';

/**
 * Surveys on MAX, as on Telegram: the invitation's «Начать» / «Позже», /surveys, one question at a time. The domain
 * keeps every answer and the question being asked (core/surveys/answering.ts); all this adapter keeps (a row of
 * `conversation_state`, key `max-survey:<user id>`) is which survey a typed answer belongs to and the ticks of a
 * multiple choice not yet «Готово».
 */
interface State {
  surveyId: number;
  ticks: string[];
  /** «Другое» was ticked and «Готово» pressed: the next text is the other answer. */
  otherPending: boolean;
  /** The message asking the current step: its buttons go once it is answered (by a press or a text). */
  asked?: string;
}

const key = (turn: MaxTurn) => `max-survey:${turn.userId}`;
const store = (core: Core) => conversationStore<State>(core.database, () => core.clock.now());

export const surveyPayloads = {
  invite: /^sv:(\d{1,15}):(go|later)$/,
  step: /^sq:(\d{1,15}):(\d{1,15}):(c|n|done|back|skip|send|edit|rev)(?::(.{0,20}))?$/,
};

export async function surveysList(turn: MaxTurn): Promise<void> {
  const person = turn.person;
  if (!person) return void (await turn.reply(turn.t('not-registered')));
  if (person.status !== 'active') return void (await turn.reply(turn.t('events-not-active')));
  const rows = await openSurveysFor(turn.core, person.id);
  if (rows.length === 0) return void (await turn.reply(turn.t('survey-none')));
  const zone = await personZone(turn.core, person);
  const lines = rows.map(({ survey, started }, i) =>
    turn.t(started ? 'survey-list-started' : 'survey-list-new', {
      n: i + 1,
      title: escapeHtml(survey.title),
      until: formatInstant(survey.closesAt, zone, turn.locale),
    }),
  );
  const buttons = rows.map(({ survey, started }, i) => [
    { text: turn.t(started ? 'survey-list-continue' : 'survey-list-start', { n: i + 1 }), action: surveyAction(survey.id, 'go') },
  ]);
  await turn.reply({ html: [turn.t('survey-list-title'), '', ...lines].join('\n'), buttons });
}

/** The invitation's buttons: «Начать» opens (or continues) the survey, «Позже» postpones it. */
export async function surveyInvite(turn: MaxTurn, surveyId: number, action: 'go' | 'later'): Promise<void> {
  const person = turn.person;
  if (!person) return turn.answer({ notification: turn.t('not-registered') });
  if (person.status !== 'active') return turn.answer({ notification: turn.t('events-not-active') });
  try {
    if (action === 'later') {
      await postponeSurvey(turn.core, person.id, surveyId);
      return turn.answer({ notification: turn.t('survey-postponed') });
    }
    await turn.answer();
    const view = await startSurvey(turn.core, person.id, surveyId);
    await ask(turn, { surveyId, ticks: [], otherPending: false }, view);
  } catch (error) {
    await refuse(turn, error);
  }
}

/** A question's button (`sq:<survey>:<question>:<act>[:<value>]`). */
export async function surveyStep(turn: MaxTurn, surveyId: number, stepId: number, act: SurveyStepAct, value: string): Promise<void> {
  const person = turn.person;
  if (!person || person.status !== 'active') return turn.answer({ notification: turn.t('button-outdated') });
  const state = await store(turn.core).read(key(turn));
  const view = await surveyViewFor(turn.core, person.id, surveyId);
  const current = view?.step.kind === 'question' ? view.step.question.id : 0;
  if (!view || state?.surveyId !== surveyId || current !== stepId) {
    // A question's button when no survey is being answered (a week's pause, another survey since): continue there.
    if (await hasSubmitted(turn.core, person.id, surveyId)) return turn.answer({ notification: turn.t('error-survey-done') });
    if (view && state?.surveyId !== surveyId) {
      await turn.answer({ notification: turn.t('survey-resumed') });
      return ask(turn, { surveyId, ticks: [], otherPending: false }, view);
    }
    return turn.answer({ notification: turn.t('survey-button-outdated') });
  }
  try {
    if (act === 'send') {
      await turn.answer();
      await submitSurvey(turn.core, person.id, surveyId);
      await store(turn.core).delete(key(turn));
      await turn.dropButtons(state.asked);
      return void (await turn.reply({ html: turn.t(view.anonymous ? 'survey-thanks-anonymous' : 'survey-thanks', { title: escapeHtml(view.title) }) }));
    }
    if (act === 'edit') {
      await turn.answer();
      return void (await turn.reply({ html: escapeHtml(turn.t('survey-pick-to-change')), buttons: reviseButtons(view) }));
    }
    const multiple = view.step.kind === 'question' && view.step.question.kind === 'multiple';
    if (multiple && act === 'c') {
      const ticks = state.ticks.includes(value) ? state.ticks.filter((v) => v !== value) : [...state.ticks, value];
      await store(turn.core).write(key(turn), { ...state, ticks });
      return turn.answer({ message: stepMessage(turn.t, view, new Set(ticks)) });
    }
    await turn.answer();
    if (multiple && act === 'done') {
      if (state.ticks.length === 0) return void (await turn.reply(turn.t('survey-invalid-choose')));
      if (state.ticks.includes(otherKey)) {
        await store(turn.core).write(key(turn), { ...state, otherPending: true });
        return void (await turn.reply(turn.t('survey-other-ask')));
      }
    }
    const pid = person.id;
    const outcome =
      act === 'back'
        ? await goBack(turn.core, pid, surveyId, stepId || null)
        : act === 'skip'
          ? await skipQuestion(turn.core, pid, surveyId, stepId)
          : act === 'rev'
            ? await reviseQuestion(turn.core, pid, surveyId, Number(value))
            : act === 'n'
              ? await answerQuestion(turn.core, pid, surveyId, stepId, { text: value })
              : multiple
                ? await answerQuestion(turn.core, pid, surveyId, stepId, { choices: state.ticks })
                : await answerQuestion(turn.core, pid, surveyId, stepId, { choices: [value] });
    await moveOn(turn, state, outcome);
  } catch (error) {
    await refuse(turn, error);
  }
}

/** A typed answer while a survey is open; false when no survey waits for text (the message is someone else's). */
export async function surveyText(turn: MaxTurn, text: string): Promise<boolean> {
  const person = turn.person;
  const state = person ? await store(turn.core).read(key(turn)) : undefined;
  if (!person || !state) return false;
  const view = await surveyViewFor(turn.core, person.id, state.surveyId);
  if (!view || view.step.kind !== 'question') return false;
  const question = view.step.question;
  const takesText = !['single', 'multiple', 'yes_no'].includes(question.kind);
  if (!takesText && !state.otherPending) {
    await turn.reply(turn.t('survey-press-button'));
    return true;
  }
  try {
    const raw = state.otherPending ? { choices: state.ticks, other: text } : { text };
    await moveOn(turn, state, await answerQuestion(turn.core, person.id, state.surveyId, question.id, raw));
  } catch (error) {
    await refuse(turn, error);
  }
  return true;
}

async function moveOn(turn: MaxTurn, state: State, outcome: AnswerOutcome): Promise<void> {
  if (outcome.kind === 'invalid') return void (await turn.reply(turn.t(`survey-invalid-${outcome.problem}`, outcome.params)));
  // The step is behind us: its buttons go, so nobody presses them later by mistake.
  await turn.dropButtons(state.asked);
  await ask(turn, { ...state, ticks: [], otherPending: false }, outcome.view);
}

/** Asks the step (a question or the summary) and remembers the message that asks it. */
async function ask(turn: MaxTurn, state: State, view: SurveyView): Promise<void> {
  const asked = await turn.reply(stepMessage(turn.t, view));
  await store(turn.core).write(key(turn), { ...state, asked });
}

async function refuse(turn: MaxTurn, error: unknown): Promise<void> {
  if (!(error instanceof DomainError)) throw error;
  await store(turn.core).delete(key(turn));
  await turn.reply(turn.t(error.code === 'not-found' ? 'survey-not-found' : `error-${error.code}`));
}
