import { Composer } from 'grammy';
import { beginVisit, visitAnswered, visitButton, visitPressed, type VisitTurn } from '../../core/tasks/visit-steps.js';
import type { OutgoingMessage } from '../../core/vocabulary/message.js';
import type { BotContext } from '../context.js';
import { replyOptions } from '../messenger.js';

/**
 * /visit (and the button under /tasks): a curator records a visit. The steps are the domain's
 * (core/tasks/visit-steps.ts, the same on MAX); here they are carried to the chat and back.
 */
export const visitsFeature = new Composer<BotContext>();

function visitTurn(ctx: BotContext, person: NonNullable<BotContext['person']>): VisitTurn {
  return { core: ctx.core, person, chatId: ctx.chat?.id ?? ctx.from!.id, locale: ctx.locale };
}

async function say(ctx: BotContext, message: OutgoingMessage): Promise<void> {
  await ctx.reply(message.html, replyOptions(message));
}

visitsFeature.chatType('private').command('visit', async (ctx) => {
  if (!ctx.person) return void (await ctx.reply(ctx.t('not-registered')));
  await say(ctx, await beginVisit(visitTurn(ctx, ctx.person)));
});

visitsFeature.callbackQuery(visitButton.pattern, async (ctx) => {
  const action = visitButton.parse(ctx.callbackQuery.data);
  const person = ctx.person;
  if (!person) return ctx.answerCallbackQuery({ text: ctx.t('not-registered') });
  if (!action) return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  const next = await visitPressed(visitTurn(ctx, person), action);
  if (next === 'outdated') return ctx.answerCallbackQuery({ text: ctx.t('button-outdated') });
  await ctx.answerCallbackQuery();
  // An answered step keeps its text and loses its buttons; «Записать посещение» under /tasks stays.
  if (action.step !== 'go') await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
  await say(ctx, next);
});

/** Typed answers: a date, the result, the photo; anything else while a visit waits gets the step's hint again. */
visitsFeature.on('message', async (ctx, next) => {
  const person = ctx.person;
  if (!person) return next();
  const answer = await visitAnswered(visitTurn(ctx, person), { text: ctx.message.text, photo: ctx.message.photo?.at(-1)?.file_id });
  if (!answer) return next();
  await say(ctx, answer);
});
