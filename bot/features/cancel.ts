import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/** /cancel always gets a person out of a conversation; installed before the conversations so it is never swallowed. */
export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  const active = Object.keys(ctx.conversation.active()).length > 0;
  await ctx.conversation.exitAll();
  await ctx.reply(ctx.t(active ? 'cancel-done' : 'cancel-nothing'));
});
