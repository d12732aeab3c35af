import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import type { MessageButton } from '../../core/vocabulary/message.js';
import type { Core } from '../../core/core.js';
import { DomainError } from '../../core/errors.js';
import { escapeHtml } from '../../core/text/html.js';
import {
  answerQuestion,
  goBack,
  reviseQuestion,
  skipQuestion,
  startSurvey,
  submitSurvey,
  type AnswerOutcome,
  type SurveyView,
} from '../../core/surveys/answering.js';
import { reviseButtons, stepMessage } from '../../core/surveys/messages.js';
import { otherKey, type Question, type RawAnswer } from '../../core/surveys/questions.js';
import { surveyInviteButton, surveyStepButton, type SurveyStepAction } from '../callback-data/surveys.js';
import { toTelegramButton } from '../messenger.js';
import type { BotContext, ConversationContext } from '../context.js';

type SurveyConversation = Conversation<BotContext, ConversationContext>;
type Attempt<T> = { ok: true; value: T } | { ok: false; code: string };
type Reply = { kind: 'press'; action: SurveyStepAction } | { kind: 'text'; text: string } | { kind: 'again' };

export const surveyConversationId = 'survey';

/** Runs a domain call; an expected refusal comes back as its code (the conversation says it in words and stops). */
async function attempt<T>(run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code };
    throw error;
  }
}

/**
 * Answering one survey, one question at a time. The truth is in the database (each answer saved as it is given,
 * the question being asked kept on the response), so a stop or a restart continues exactly there; the conversation
 * only waits for the next press or text. Commands and other features' buttons pass through to them.
 */
export function surveyConversation(core: Core) {
  return async function survey(conversation: SurveyConversation, ctx: ConversationContext, surveyId: number, personId: number) {
    const started = await conversation.external(() => attempt(() => startSurvey(core, personId, surveyId)));
    if (!started.ok) {
      await ctx.reply(ctx.t(refusal(started.code)));
      return;
    }
    let view = started.value;
    let ask = true;
    let sent: { chat: { id: number }; message_id: number } | null = null;
    for (;;) {
      const step = view.step;
      const stepId = step.kind === 'question' ? step.question.id : 0;
      if (ask) {
        const message = stepMessage(ctx.t, view);
        sent = await ctx.reply(message.html, { parse_mode: 'HTML', reply_markup: markup(message.buttons ?? []) });
      }
      ask = true;
      const reply = await waitReply(conversation, ctx, view);
      if (reply.kind === 'again') continue;
      let outcome: Attempt<AnswerOutcome | 'sent'>;
      if (reply.kind === 'press' && reply.action.act === 'send') {
        outcome = await conversation.external(() =>
          attempt(async () => {
            await submitSurvey(core, personId, surveyId);
            return 'sent' as const;
          }),
        );
      } else if (reply.kind === 'press' && reply.action.act === 'edit' && step.kind === 'summary') {
        await ctx.reply(ctx.t('survey-pick-to-change'), { reply_markup: markup(reviseButtons(view)) });
        ask = false;
        continue;
      } else if (
        reply.kind === 'press' &&
        step.kind === 'question' &&
        step.question.kind === 'multiple' &&
        (reply.action.act === 'c' || reply.action.act === 'done')
      ) {
        const picked = await pickMany(conversation, ctx, view, step.question, sent, reply.action);
        if (picked === null) {
          ask = true;
          continue;
        }
        outcome = await conversation.external(() => attempt(() => answerQuestion(core, personId, surveyId, stepId, picked)));
      } else {
        const raw = reply;
        outcome = await conversation.external(() =>
          attempt(async () => {
            if (raw.kind === 'text') return answerQuestion(core, personId, surveyId, stepId, { text: raw.text });
            const { act, value } = raw.action;
            if (act === 'back') return goBack(core, personId, surveyId, stepId || null);
            if (act === 'skip') return skipQuestion(core, personId, surveyId, stepId);
            if (act === 'rev') return reviseQuestion(core, personId, surveyId, Number(value));
            if (act === 'n') return answerQuestion(core, personId, surveyId, stepId, { text: value });
            return answerQuestion(core, personId, surveyId, stepId, { choices: [value] });
          }),
        );
      }
      if (!outcome.ok) {
        await ctx.reply(ctx.t(refusal(outcome.code)));
        return;
      }
      if (outcome.value === 'sent') {
        await ctx.reply(ctx.t(view.anonymous ? 'survey-thanks-anonymous' : 'survey-thanks', { title: escapeHtml(view.title) }), { parse_mode: 'HTML' });
        return;
      }
      const result = outcome.value;
      view = result.view;
      if (result.kind === 'invalid') {
        await ctx.reply(ctx.t(`survey-invalid-${result.problem}`, result.params));
        ask = false;
      } else if (sent) {
        // The step is behind us: its buttons go, so nobody presses them later by mistake.
        const { chat, message_id } = sent;
        await ctx.api.editMessageReplyMarkup(chat.id, message_id, { reply_markup: undefined }).catch(() => undefined);
        sent = null;
      }
    }
  };
}

function refusal(code: string): string {
  return code === 'not-found' ? 'survey-not-found' : `error-${code}`;
}

/**
 * Waits for an answer to this step. A button of another question or survey step gets a short toast and is dropped;
 * a text where a press is expected gets a kind hint; commands and other features' buttons go on to their handlers
 * (skipped updates never enter the replay log, so a confused person does not make the stored state grow).
 */
async function waitReply(conversation: SurveyConversation, _ctx: ConversationContext, view: SurveyView): Promise<Reply> {
  const step = view.step;
  const stepId = step.kind === 'question' ? step.question.id : 0;
  const takesText = step.kind === 'question' && !['single', 'multiple', 'yes_no'].includes(step.question.kind);
  for (;;) {
    const u = await conversation.wait();
    const data = u.callbackQuery?.data;
    if (data !== undefined) {
      const invite = surveyInviteButton.parse(data);
      // «Начать» / «Продолжить» of this survey again: ask the current step once more.
      if (invite?.surveyId === view.surveyId && invite.action === 'go') {
        await u.answerCallbackQuery();
        return { kind: 'again' };
      }
      const action = surveyStepButton.parse(data);
      // Not a survey step's button, or another survey's (sent already, or to go back to): its own handler answers.
      if ((!action && !surveyStepButton.pattern.test(data)) || (action && action.surveyId !== view.surveyId)) await conversation.skip({ next: true });
      if (!action || action.step !== stepId) {
        await u.answerCallbackQuery({ text: u.t('survey-button-outdated') });
        await conversation.skip();
      }
      await u.answerCallbackQuery();
      return { kind: 'press', action: action! };
    }
    const text = u.message?.text;
    if (text?.startsWith('/')) await conversation.skip({ next: true });
    if (text !== undefined && takesText) return { kind: 'text', text };
    if (u.message) await u.reply(u.t(text !== undefined ? 'survey-press-button' : 'survey-type-text'));
    await conversation.skip();
  }
}

/**
 * Multiple choice: presses tick and untick (the ticks are redrawn on the same message); «Готово» with at least one
 * tick finishes; with «Другое» ticked, its text is asked next. Null: the person pressed «Назад» or «Пропустить»
 * (the caller asks the step again after the domain moved).
 */
async function pickMany(
  conversation: SurveyConversation,
  ctx: ConversationContext,
  view: SurveyView,
  question: Question,
  message: { chat: { id: number }; message_id: number } | null,
  first: SurveyStepAction,
): Promise<RawAnswer | null> {
  const chosen = new Set<string>();
  let action = first;
  for (;;) {
    if (action.act === 'c') {
      if (chosen.has(action.value)) chosen.delete(action.value);
      else chosen.add(action.value);
      if (message)
        await ctx.api
          .editMessageReplyMarkup(message.chat.id, message.message_id, { reply_markup: markup(stepMessage(ctx.t, view, chosen).buttons ?? []) })
          .catch(() => undefined);
    } else if (action.act === 'done') {
      if (chosen.size === 0) await ctx.reply(ctx.t('survey-invalid-choose'));
      else if (!chosen.has(otherKey)) return { choices: [...chosen] };
      else {
        await ctx.reply(ctx.t('survey-other-ask'));
        for (;;) {
          const reply = await waitReply(conversation, ctx, {
            ...view,
            step: { ...view.step, question: { ...question, kind: 'short_text' } } as SurveyView['step'],
          });
          if (reply.kind === 'text') return { choices: [...chosen], other: reply.text };
        }
      }
    } else return null;
    const reply = await waitReply(conversation, ctx, view);
    if (reply.kind === 'press') action = reply.action;
    else if (reply.kind === 'again') return null;
  }
}

function markup(buttons: MessageButton[][]): InlineKeyboard {
  return new InlineKeyboard(buttons.map((row) => row.map(toTelegramButton)));
}
