import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

/**
 * What no feature took: an unknown command, a sticker, a photo, a button of a message whose feature is gone.
 * In private chats the person gets a hint; groups are left alone (school group chats come with their own issue).
 */
export const fallbackFeature = new Composer<BotContext>();

fallbackFeature.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('button-outdated') }));

const privateChats = fallbackFeature.chatType('private');
privateChats.on('message', async (ctx) => {
  const isCommand = ctx.message.text?.startsWith('/') ?? false;
  await ctx.reply(ctx.t(isCommand ? 'unknown-command' : ctx.person ? 'fallback-registered' : 'fallback-newcomer'));
});
