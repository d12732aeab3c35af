import { Composer } from 'grammy';
import { clearPrompt, currentPrompt } from '../../core/tasks/prompts.js';
import type { BotContext } from '../context.js';

/** /cancel always gets a person out of a conversation; installed before the conversations so it is never swallowed. */
export const cancelFeature = new Composer<BotContext>();

cancelFeature.command('cancel', async (ctx) => {
  // A task's or a visit's open question counts as a dialogue too.
  const prompt = ctx.person ? await currentPrompt(ctx.core, ctx.person.id, ctx.chat.id) : undefined;
  if (prompt) await clearPrompt(ctx.core, prompt.personId);
  const active = Object.keys(ctx.conversation.active()).length > 0 || prompt !== undefined;
  await ctx.conversation.exitAll();
  // What to do next depends on what was cancelled: a task's step, something a registered person started, or registration.
  const done = prompt ? 'cancel-done-task' : ctx.person?.status === 'active' ? 'cancel-done-registered' : 'cancel-done';
  await ctx.reply(ctx.t(active ? done : 'cancel-nothing'));
});
