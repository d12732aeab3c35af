import { Composer } from 'grammy';
import { markBlockedByChat } from '../../core/deliveries/recipients.js';
import type { BotContext } from '../context.js';

/**
 * Telegram tells the bot when a person blocks it (my_chat_member → kicked): we stop writing at once instead
 * of learning it from the next 403. Unblocking is not enough to come back: the person says /start.
 */
export const membershipFeature = new Composer<BotContext>();

membershipFeature.chatType('private').on('my_chat_member', async (ctx) => {
  if (ctx.myChatMember.new_chat_member.status === 'kicked' && ctx.person) await markBlockedByChat(ctx.core, ctx.person.id, 'telegram');
});
