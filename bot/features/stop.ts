import { Composer } from 'grammy';
import { stopPerson } from '../../core/deliveries/recipients.js';
import type { BotContext } from '../context.js';

/** /stop: no more messages from the bot until /start. */
export const stopFeature = new Composer<BotContext>();

stopFeature.chatType('private').command('stop', async (ctx) => {
  if (!ctx.person) return ctx.reply(ctx.t('not-registered'));
  await stopPerson(ctx.core, ctx.person.id);
  await ctx.reply(ctx.t('stop-done'));
});
