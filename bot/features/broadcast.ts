import { Composer } from 'grammy';
import { broadcastConversationId } from '../conversations/broadcast.js';
import type { BotContext } from '../context.js';

/** /broadcast in a private chat starts composing a broadcast (the conversation checks the sender is an editor). */
export const broadcastFeature = new Composer<BotContext>();

broadcastFeature.chatType('private').command('broadcast', async (ctx) => {
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(broadcastConversationId);
});
