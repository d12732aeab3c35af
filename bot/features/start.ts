import { Composer } from 'grammy';
import { resumePerson } from '../../core/directory/people.js';
import { invitePrefix } from '../../core/onboarding/invites.js';
import type { BotContext } from '../context.js';
import { registrationId } from '../conversations/registration.js';

/**
 * /start, with or without a deep-link payload: a newcomer registers (by invite or on their own),
 * someone who pressed /stop or had blocked the bot is back, everyone else is greeted.
 */
export const startFeature = new Composer<BotContext>();

startFeature.chatType('private').command('start', async (ctx) => {
  const payload = ctx.match.trim();
  const inviteCode = payload.startsWith(invitePrefix) ? payload.slice(invitePrefix.length) : null;
  let person = ctx.person;
  if (person?.status === 'deactivated') return ctx.reply(ctx.t('start-deactivated'));
  if (person && person.status !== 'rejected') {
    if (inviteCode) await ctx.reply(ctx.t('start-already-registered'));
    if (person.status === 'stopped' || person.status === 'blocked') {
      person = await resumePerson(ctx.core, person);
      await ctx.reply(ctx.t('start-resumed'));
    }
    await ctx.reply(ctx.t(person.status === 'pending' ? 'start-pending' : 'start-welcome-back', { name: person.fullName ?? '' }));
    return;
  }
  await ctx.reply(ctx.t('start-greeting'));
  await ctx.conversation.enter(registrationId, inviteCode);
});
