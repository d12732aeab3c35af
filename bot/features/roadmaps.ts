import { Composer } from 'grammy';
import { DomainError } from '../../core/errors.js';
import { answerAsExecutor, completeAnswer, waitingAnswer } from '../../core/roadmaps/executor-answers.js';
import { roadMapButton } from '../../core/roadmaps/buttons.js';
import type { BotContext } from '../context.js';

/**
 * A road map's executors in the bot: the question's buttons (Выполнено / Перенести / Есть проблема) and the one
 * message that follows (a result text, a new date, the problem, or a file), kept as a row so a restart continues.
 */
export const roadmapsFeature = new Composer<BotContext>();

roadmapsFeature.callbackQuery(roadMapButton.pattern, async (ctx) => {
  const action = roadMapButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person) return ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  if (!action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  if (person.status !== 'active') return ctx.answerCallbackQuery({ text: ctx.t('events-not-active') });
  try {
    await answerAsExecutor(ctx.core, person, action.itemId, action.action);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return ctx.answerCallbackQuery({ text: ctx.t(error.code === 'not-assignee' ? 'roadmap-not-executor' : 'roadmap-not-found'), show_alert: true });
  }
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t(`roadmap-answer-${action.action}`));
});

roadmapsFeature.on('message', async (ctx, next) => {
  const person = ctx.person;
  if (!person || person.status !== 'active' || ctx.message.text?.startsWith('/')) return next();
  if (!(await waitingAnswer(ctx.core, person.id))) return next();
  const m = ctx.message;
  const fileId = m.document?.file_id ?? m.photo?.at(-1)?.file_id ?? null;
  const text = m.text ?? m.caption ?? null;
  if (!fileId && !text) return next();
  await completeAnswer(ctx.core, person.id, { text, fileId });
  await ctx.reply(ctx.t('roadmap-answer-saved'));
});
