import { Composer, InlineKeyboard } from 'grammy';
import { erasePerson } from '../../core/erasure/erasure.js';
import type { BotContext } from '../context.js';

/** /delete_me: after one confirmation, the person's data are erased (only anonymous aggregates stay). */
export const deleteMeFeature = new Composer<BotContext>();

const confirm = 'delme:yes';
const keep = 'delme:no';

deleteMeFeature.chatType('private').command('delete_me', async (ctx) => {
  if (!ctx.person) return ctx.reply(ctx.t('not-registered'));
  await ctx.reply(ctx.t('delete-me-confirm'), {
    reply_markup: new InlineKeyboard().text(ctx.t('delete-me-yes'), confirm).row().text(ctx.t('delete-me-no'), keep),
  });
});

deleteMeFeature.callbackQuery(confirm, async (ctx) => {
  await ctx.answerCallbackQuery();
  if (!ctx.person) return ctx.editMessageText(ctx.t('not-registered'));
  await erasePerson(ctx.core, ctx.person);
  await ctx.editMessageText(ctx.t('delete-me-done'));
});

deleteMeFeature.callbackQuery(keep, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t('delete-me-kept'));
});
